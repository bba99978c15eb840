"""The multi-host test bed (network namespaces on one machine): ``bed.multihost_bed()``."""
