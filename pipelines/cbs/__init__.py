"""CBS open data: the download (StatLine OData, PDOK boundaries) and the municipal crosswalk."""
