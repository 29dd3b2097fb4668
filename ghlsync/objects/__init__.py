"""Custom objects and custom fields as code: values, reading, planning, applying, export."""
