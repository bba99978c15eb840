"""OAI-PMH 2.0 data provider at /oai (for Indonesia OneSearch)."""
