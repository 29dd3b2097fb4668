"""One module per simulated GHL resource (:mod:`ghlsync.sandbox.resource` says what each one
brings); :mod:`ghlsync.sandbox.registry` lists them."""
