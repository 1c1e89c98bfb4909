package question

// Rankings in any order: sort= (ordina=) names a column of the answer's
// table, by its stable name or a word for it in either language, and
// order= (verso=) says which way: desc (decrescente, the largest first,
// the default for numbers) or asc (crescente; the default for names,
// A to Z). Withheld and empty cells always come last.

// Order is the order a ranking's rows are shown in when the question asks
// for one: by the column with the stable name Column (e.g. "capacity"),
// ascending when Asc. The zero Order is the answer's own order.
type Order struct {
	Column string
	Asc    bool
}

// Ranked is a plan whose answer is a ranking table that may be ordered by
// any of its columns. Ranking returns the plan's order and the number of
// rows it shows (nil when the table is never cut), to be changed in place
// on a copy of the plan.
type Ranked interface {
	Plan
	Ranking() (order *Order, top *int)
}

// order writes sort= and order= of a ranking: the column when one is
// asked (sort is a legacy ranking's own word, written instead when set),
// and the direction when it is not the column's default.
func (c *canon) order(o Order, sort string) *canon {
	switch {
	case sort != "":
		c.kv("sort", sort)
	case o.Column != "":
		c.kv("sort", o.Column)
	}
	if o.Column != "" {
		if o.Asc {
			c.kv("order", "asc")
		} else {
			c.kv("order", "desc")
		}
	}
	return c
}

// SortColumn is a column a ranking may be ordered by: its stable name (the
// result's Column.Name), the words that name it in each language (the
// first Italian one is shown), and whether it holds text (ordered A to Z
// by default).
type SortColumn struct {
	Word
	Text bool
}

// sc builds a SortColumn: the stable name, its Italian words, further
// English words.
func sc(name string, it []string, more ...string) SortColumn {
	return SortColumn{Word: Word{EN: name, IT: it, More: more}}
}

// text marks a column of names.
func text(c SortColumn) SortColumn { c.Text = true; return c }

// The words of the columns rankings share.
var (
	colTargetCount   = sc("target_count", []string{"persone", "popolazione-target"}, "people")
	colAreaName      = text(sc("area_name", []string{"nome", "zona", "area", "quartiere"}, "name", "area"))
	colDensity       = sc("density", []string{"densità", "densita"})
	colCapacity      = sc("capacity", []string{"capacità", "capacita", "posti"}, "places")
	colRatio         = sc("ratio", []string{"rapporto", "dotazione"})
	colDistance      = sc("distance_m", []string{"distanza"}, "distance")
	colFacilityName  = text(sc("facility_name", []string{"nome", "struttura"}, "name", "facility"))
	colOperator      = text(sc("operator", []string{"gestore"}))
	colPopShare      = sc("population_share", []string{"quota", "quota-popolazione"}, "share")
	colUnservedShare = sc("unserved_share", []string{"quota-senza-servizio", "quota-scoperti"}, "uncovered_share")
	colPlacesMissing = sc("places_missing", []string{"posti-mancanti", "mancanti"}, "missing")
	colExpected      = sc("expected_users", []string{"utenti-attesi", "utenti"}, "users")
	colStatus        = text(sc("status", []string{"stato"}))
)

// SortColumns lists, for each question whose answer is a ranking (by
// "verb subject" in English), the columns it may be ordered by.
var SortColumns = map[string][]SortColumn{
	"where concentration": {colTargetCount, sc("city_share", []string{"quota-città", "quota-citta"}), colDensity,
		sc("location_quotient", []string{"quoziente", "quoziente-localizzazione"}, "lq", "quotient"), sc("growth", []string{"crescita"}), colAreaName},
	"where underserved": {colTargetCount, sc("unserved", []string{"senza-servizio", "scoperti"}), colUnservedShare, colAreaName},
	"where served":      {colTargetCount, sc("served", []string{"nel-bacino", "serviti"}), sc("served_share", []string{"quota-nel-bacino", "quota"}, "share"), colAreaName},
	"where overlap": {sc("shared", []string{"condivise", "in-entrambi", "sovrapposizione"}, "overlap"), colDistance,
		text(sc("name_a", []string{"nome", "nome-a"}, "name")), text(sc("main_area", []string{"zona", "zona-principale"}, "area"))},
	"where gap": {colPlacesMissing, colTargetCount, colCapacity, colRatio, sc("benchmark", []string{"standard"}),
		sc("access_2sfca", []string{"accessibilità", "accessibilita", "2sfca"}, "access", "2sfca"), sc("access_e2sfca", []string{"accessibilità-e2sfca", "e2sfca"}, "e2sfca"), colStatus, colAreaName},
	"where reach":    {sc("score", []string{"punteggio"}), colTargetCount, colDensity, colPopShare, colAreaName},
	"where priority": {sc("priority_index", []string{"indice", "priorità", "priorita"}, "index", "priority"), colTargetCount, colUnservedShare, sc("growth", []string{"crescita"}), colAreaName},
	"howmuch capacity": {colPlacesMissing, colTargetCount, colCapacity, sc("places_needed", []string{"posti-necessari", "necessari"}, "needed"),
		sc("places_surplus", []string{"posti-in-più", "posti-in-piu", "eccedenza"}, "surplus"), colRatio, colAreaName},
	"which center": {colDistance, colCapacity, sc("catchment_demand", []string{"domanda", "bacino"}, "demand"),
		sc("spare_capacity", []string{"posti-liberi", "liberi"}, "spare"), sc("over_capacity", []string{"oltre-capacità", "oltre-capacita", "oltre"}, "over"), colFacilityName, colOperator},
	"which saturation": {sc("load", []string{"carico", "saturazione"}, "saturation"), colCapacity, sc("catchment_count", []string{"nel-raggio", "persone"}, "people"),
		colExpected, colFacilityName, text(sc("area_name", []string{"zona", "area"}, "area")), colStatus},
	"which partners": {sc("facilities", []string{"strutture"}), sc("facilities_in_area", []string{"nell-area", "in-zona"}, "in_area"), colCapacity,
		sc("nearest_m", []string{"vicinanza", "più-vicina", "piu-vicina", "distanza"}, "nearest", "distance"), text(sc("organization", []string{"nome", "organizzazione"}, "name", "organisation"))},
	"which alternatives": {colDistance, colCapacity, colFacilityName, text(sc("service", []string{"servizio"})), colOperator},
	"when saturation": {sc("saturation_year", []string{"anno", "anno-saturazione"}, "year"), colCapacity, colExpected,
		sc("trend", []string{"andamento"}), colFacilityName, colStatus},
	"compare": {sc("count", []string{"numero", "conteggio"}), colPopShare, sc("city_share", []string{"quota-città", "quota-citta"}),
		text(sc("area_name", []string{"zona", "area"}, "area")), text(sc("target", []string{"target"}))},
	"allocate": {sc("fair_eur", []string{"quota-equa", "equa", "euro"}, "fair", "euro"), sc("proportional_eur", []string{"proporzionale"}, "proportional"),
		sc("priority_index", []string{"indice", "bisogno"}, "index", "need"), sc("unserved", []string{"senza-servizio", "scoperti"}), colTargetCount, colAreaName},
}

// Ranking implements Ranked.
func (p *WhereConcentration) Ranking() (*Order, *int) { return &p.Order, &p.Top }
func (p *Underserved) Ranking() (*Order, *int)        { return &p.Order, &p.Top }
func (p *WhereServed) Ranking() (*Order, *int)        { return &p.Order, nil }
func (p *WhereOverlap) Ranking() (*Order, *int)       { return &p.Order, &p.Top }
func (p *WhereGap) Ranking() (*Order, *int)           { return &p.Order, &p.Top }
func (p *WhereReach) Ranking() (*Order, *int)         { return &p.Order, &p.Top }
func (p *WherePriority) Ranking() (*Order, *int)      { return &p.Order, &p.Top }
func (p *HowmuchCapacity) Ranking() (*Order, *int)    { return &p.Order, nil }
func (p *WhichCenter) Ranking() (*Order, *int)        { return &p.Order, &p.Top }
func (p *WhichSaturation) Ranking() (*Order, *int)    { return &p.Order, &p.Top }
func (p *WhichPartners) Ranking() (*Order, *int)      { return &p.Order, &p.Top }
func (p *WhichAlternatives) Ranking() (*Order, *int)  { return &p.Order, &p.Top }
func (p *WhenSaturation) Ranking() (*Order, *int)     { return &p.Order, nil }
func (p *Compare) Ranking() (*Order, *int)            { return &p.Order, nil }
func (p *Allocate) Ranking() (*Order, *int)           { return &p.Order, nil }
