package reports

import "github.com/welfare-intelligence/wi/catalog/names"

// CleanName writes a name from open data as a document prints it: doubled
// quotes made single, an apostrophe standing for an accent made the accent
// ("CITTA' STUDI" → "Città Studi"), names in capitals put in title case with
// Italian rules. The rules are in package catalog/names, which the catalog
// applies at import (keeping the source's name in name_source); reports
// apply them again to names from older catalogs and from the engine's
// sentences. Cleaning a clean name changes nothing.
func CleanName(s string) string { return names.Clean(s) }
