"""Plan: the campaign brief schema and the plan of assets it asks for."""
