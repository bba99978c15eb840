"""``pustaka demo``: a realistic BPS Kota Pariaman collection for a newcomer's first start."""
