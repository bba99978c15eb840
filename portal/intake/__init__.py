"""Staff intake inbox: uncatalogued softcopies, their proposed record, one confirm screen."""
