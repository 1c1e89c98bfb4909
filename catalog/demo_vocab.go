package catalog

import "github.com/welfare-intelligence/wi/engine"

// Sensitivity levels of targets and their minimum publishable counts. The
// floor of 3 is the SISTAN rule (Regole deontologiche, All. 1 art. 5); more
// sensitive groups get higher thresholds.
const (
	sensNormal    = "normal"
	sensSensitive = "sensitive"
	sensHigh      = "high"
)

// demoTargets is the vocabulary of people and family targets of the demo city.
var demoTargets = []engine.Target{
	{Slug: "residenti", Kind: "person", NameIT: "residenti", NameEN: "residents", DefinitionIT: "Persone residenti.", DefinitionEN: "Resident people.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "anziani", Kind: "person", NameIT: "anziani (65+)", NameEN: "older people (65+)", DefinitionIT: "Residenti di 65 anni e più.", DefinitionEN: "Residents aged 65 and over.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "anziani-75", Kind: "person", NameIT: "anziani di 75 anni e più", NameEN: "people aged 75+", DefinitionIT: "Residenti di 75 anni e più.", DefinitionEN: "Residents aged 75 and over.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "grandi-anziani", Kind: "person", NameIT: "grandi anziani (80+)", NameEN: "oldest old (80+)", DefinitionIT: "Residenti di 80 anni e più.", DefinitionEN: "Residents aged 80 and over.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "anziani-soli", Kind: "person", NameIT: "anziani soli", NameEN: "older people living alone", DefinitionIT: "Residenti di 65 anni e più che vivono soli (famiglia unipersonale).", DefinitionEN: "Residents aged 65 and over living in a one-person household.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "non-autosufficienti", Kind: "person", NameIT: "anziani non autosufficienti", NameEN: "dependent older people", DefinitionIT: "Anziani con gravi limitazioni nelle attività quotidiane (stima).", DefinitionEN: "Older people with severe limitations in daily activities (estimate).", Sensitivity: sensSensitive, MinCount: 5},
	{Slug: "minori", Kind: "person", NameIT: "minori (0–17)", NameEN: "minors (0–17)", DefinitionIT: "Residenti da 0 a 17 anni.", DefinitionEN: "Residents aged 0 to 17.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "prima-infanzia", Kind: "person", NameIT: "bambini 0–2 anni", NameEN: "children aged 0–2", DefinitionIT: "Residenti da 0 a 2 anni (fascia dei nidi).", DefinitionEN: "Residents aged 0 to 2 (nursery age).", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "adolescenti", Kind: "person", NameIT: "adolescenti (14–17)", NameEN: "adolescents (14–17)", DefinitionIT: "Residenti da 14 a 17 anni.", DefinitionEN: "Residents aged 14 to 17.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "giovani", Kind: "person", NameIT: "giovani (18–34)", NameEN: "young people (18–34)", DefinitionIT: "Residenti da 18 a 34 anni.", DefinitionEN: "Residents aged 18 to 34.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "stranieri", Kind: "person", NameIT: "stranieri", NameEN: "foreign residents", DefinitionIT: "Residenti di cittadinanza non italiana.", DefinitionEN: "Residents without Italian citizenship.", Sensitivity: sensSensitive, MinCount: 5},
	{Slug: "minori-stranieri", Kind: "person", NameIT: "minori stranieri", NameEN: "foreign minors", DefinitionIT: "Residenti da 0 a 17 anni di cittadinanza non italiana.", DefinitionEN: "Residents aged 0 to 17 without Italian citizenship.", Sensitivity: sensSensitive, MinCount: 5},
	{Slug: "disabili", Kind: "person", NameIT: "persone con disabilità", NameEN: "people with disabilities", DefinitionIT: "Residenti con disabilità grave (stima).", DefinitionEN: "Residents with a severe disability (estimate).", Sensitivity: sensHigh, MinCount: 10},
	{Slug: "famiglie", Kind: "family", NameIT: "famiglie", NameEN: "households", DefinitionIT: "Famiglie anagrafiche residenti.", DefinitionEN: "Resident households.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie-unipersonali", Kind: "family", NameIT: "famiglie unipersonali", NameEN: "one-person households", DefinitionIT: "Famiglie di un solo componente.", DefinitionEN: "Households of one person.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie-monogenitoriali", Kind: "family", NameIT: "famiglie monogenitoriali", NameEN: "single-parent households", DefinitionIT: "Famiglie con un solo genitore e almeno un figlio.", DefinitionEN: "Households of one parent with at least one child.", Sensitivity: sensSensitive, MinCount: 5},
	{Slug: "famiglie-numerose", Kind: "family", NameIT: "famiglie numerose", NameEN: "large households", DefinitionIT: "Famiglie di 5 componenti e più.", DefinitionEN: "Households of five or more people.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie-con-minori", Kind: "family", NameIT: "famiglie con minori", NameEN: "households with minors", DefinitionIT: "Famiglie con almeno un componente di 0–17 anni.", DefinitionEN: "Households with at least one member aged 0–17.", Sensitivity: sensNormal, MinCount: 3},
}

// demoService is a service type of the demo city and how many facilities of
// it the city has, where they go and how large they are.
type demoService struct {
	engine.Service
	count          int
	placeBy        string   // target whose demand draws the facilities
	elderly        bool     // kept out of the elderly pockets
	childhood      bool     // kept out of the childhood pockets
	capMin, capMax float64  // capacity range
	operators      []string // organisation kinds, drawn in turn
	short          string   // short name for facility names
}

var demoServices = []demoService{
	{Service: engine.Service{Slug: "centro-anziani", NameIT: "Centro socio-ricreativo per anziani", NameEN: "Senior community centre", Targets: []string{"anziani", "anziani-soli", "grandi-anziani"}, CapacityUnit: "iscritti", RadiusM: 800},
		count: 90, placeBy: "anziani", elderly: true, capMin: 60, capMax: 250, operators: []string{"ets", "ets", "comune"}, short: "Centro anziani"},
	{Service: engine.Service{Slug: "centro-diurno-integrato", NameIT: "Centro diurno integrato (CDI)", NameEN: "Integrated day centre for older people", Targets: []string{"anziani", "anziani-soli", "grandi-anziani", "non-autosufficienti"}, CapacityUnit: "posti", RadiusM: 1500},
		count: 28, placeBy: "grandi-anziani", elderly: true, capMin: 20, capMax: 40, operators: []string{"ets", "fondazione"}, short: "CDI"},
	{Service: engine.Service{Slug: "rsa", NameIT: "Residenza sanitaria assistenziale (RSA)", NameEN: "Nursing home", Targets: []string{"anziani-75", "grandi-anziani", "non-autosufficienti"}, CapacityUnit: "posti letto", RadiusM: 3000},
		count: 62, placeBy: "grandi-anziani", elderly: true, capMin: 60, capMax: 200, operators: []string{"fondazione", "impresa", "ets"}, short: "RSA"},
	{Service: engine.Service{Slug: "custodia-sociale", NameIT: "Custodia sociale", NameEN: "Social caretaking service", Targets: []string{"anziani-soli", "grandi-anziani"}, CapacityUnit: "utenti seguiti", RadiusM: 800},
		count: 32, placeBy: "anziani-soli", elderly: true, capMin: 40, capMax: 120, operators: []string{"comune", "ets"}, short: "Custodia sociale"},
	{Service: engine.Service{Slug: "asilo-nido", NameIT: "Asilo nido", NameEN: "Nursery (0–2)", Targets: []string{"prima-infanzia"}, CapacityUnit: "posti", RadiusM: 1000},
		count: 210, placeBy: "prima-infanzia", childhood: true, capMin: 20, capMax: 90, operators: []string{"comune", "ets", "impresa"}, short: "Nido"},
	{Service: engine.Service{Slug: "scuola-infanzia", NameIT: "Scuola dell'infanzia", NameEN: "Pre-school (3–5)", Targets: []string{"minori"}, CapacityUnit: "posti", RadiusM: 800},
		count: 240, placeBy: "minori", childhood: true, capMin: 50, capMax: 200, operators: []string{"comune", "comune", "ets"}, short: "Scuola dell'infanzia"},
	{Service: engine.Service{Slug: "servizio-sociale-territoriale", NameIT: "Servizio sociale territoriale", NameEN: "Local social services office", Targets: []string{"residenti", "famiglie"}, CapacityUnit: "assistenti sociali", RadiusM: 3000},
		count: 18, placeBy: "residenti", capMin: 8, capMax: 16, operators: []string{"comune"}, short: "Servizio sociale"},
	{Service: engine.Service{Slug: "consultorio-familiare", NameIT: "Consultorio familiare", NameEN: "Family counselling centre", Targets: []string{"famiglie-con-minori", "famiglie-monogenitoriali", "prima-infanzia", "minori"}, CapacityUnit: "utenti/anno", RadiusM: 2000},
		count: 30, placeBy: "famiglie-con-minori", childhood: true, capMin: 800, capMax: 2500, operators: []string{"ats", "ats", "ets"}, short: "Consultorio"},
	{Service: engine.Service{Slug: "centro-aggregazione-giovanile", NameIT: "Centro di aggregazione giovanile (CAG)", NameEN: "Youth centre", Targets: []string{"adolescenti", "minori", "giovani"}, CapacityUnit: "posti", RadiusM: 1200},
		count: 45, placeBy: "adolescenti", capMin: 20, capMax: 80, operators: []string{"ets"}, short: "CAG"},
	{Service: engine.Service{Slug: "cam", NameIT: "Centro di aggregazione multifunzionale (CAM)", NameEN: "Multipurpose community centre", Targets: []string{"residenti", "anziani", "giovani"}, CapacityUnit: "iscritti", RadiusM: 1000},
		count: 25, placeBy: "residenti", capMin: 100, capMax: 400, operators: []string{"comune"}, short: "CAM"},
	{Service: engine.Service{Slug: "cdd", NameIT: "Centro diurno disabili (CDD)", NameEN: "Day centre for people with disabilities", Targets: []string{"disabili"}, CapacityUnit: "posti", RadiusM: 3000},
		count: 30, placeBy: "disabili", capMin: 15, capMax: 30, operators: []string{"ets", "fondazione"}, short: "CDD"},
	{Service: engine.Service{Slug: "farmacia", NameIT: "Farmacia", NameEN: "Pharmacy", Targets: []string{"residenti", "anziani"}, CapacityUnit: "punti", RadiusM: 500},
		count: 400, placeBy: "residenti", capMin: 1, capMax: 1, operators: []string{"impresa"}, short: "Farmacia"},
	{Service: engine.Service{Slug: "biblioteca", NameIT: "Biblioteca", NameEN: "Library", Targets: []string{"residenti", "minori", "giovani"}, CapacityUnit: "posti lettura", RadiusM: 1500},
		count: 26, placeBy: "residenti", capMin: 40, capMax: 200, operators: []string{"comune"}, short: "Biblioteca"},
	{Service: engine.Service{Slug: "mensa-sociale", NameIT: "Mensa sociale", NameEN: "Soup kitchen", Targets: []string{"residenti", "famiglie"}, CapacityUnit: "pasti/giorno", RadiusM: 2000},
		count: 12, placeBy: "stranieri", capMin: 80, capMax: 400, operators: []string{"ets", "fondazione"}, short: "Mensa"},
	{Service: engine.Service{Slug: "punto-wemi", NameIT: "Spazio WeMi", NameEN: "WeMi welfare point", Targets: []string{"famiglie", "famiglie-con-minori", "anziani"}, CapacityUnit: "sportelli", RadiusM: 1500},
		count: 18, placeBy: "famiglie", capMin: 1, capMax: 3, operators: []string{"comune", "ets"}, short: "Spazio WeMi"},
}

// demoBenchmarks are the reference ratios used by gap analyses.
var demoBenchmarks = []Benchmark{
	{ID: "nido-33", Service: "asilo-nido", Target: "prima-infanzia", Value: 33, Per: 100, Kind: "lep",
		NameIT: "posti nido per 100 bambini 0–2 anni", NameEN: "nursery places per 100 children aged 0–2",
		Source: "Legge 30 dicembre 2021, n. 234, art. 1 c. 172 (LEP servizi educativi per l'infanzia: 33%)"},
	{ID: "assistenti-sociali-5000", Service: "servizio-sociale-territoriale", Target: "residenti", Value: 1, Per: 5000, Kind: "lep",
		NameIT: "assistenti sociali per 5.000 residenti", NameEN: "social workers per 5,000 residents",
		Source: "Legge 30 dicembre 2020, n. 178, art. 1 c. 797 (LEP: un assistente sociale ogni 5.000 abitanti)"},
	{ID: "rsa-75", Service: "rsa", Target: "anziani-75", Value: 6, Per: 100, Kind: "local",
		NameIT: "posti letto RSA per 100 residenti di 75 anni e più", NameEN: "nursing-home beds per 100 residents aged 75+",
		Source: "Parametro locale della città demo (nessuna norma nazionale fissa questo rapporto)"},
}

// nilWords and nilPlaces make the demo city's neighbourhood names.
var (
	nilWords  = []string{"Borgo", "Cascina", "Villaggio", "Porta", "Corte", "Ponte", "Parco", "Rione", "Case", "Prato", "Colle", "Largo", "Città", "Cà"}
	nilPlaces = []string{"Rovere", "dei Tigli", "San Fermo", "Fontana", "dei Mulini", "Santa Lucia", "delle Rose", "Bianca", "Nuova", "Vecchia", "del Sole", "dei Gelsi", "degli Olmi", "dei Pioppi", "San Rocco", "San Martino", "San Giorgio", "Sant'Anna", "Santa Croce", "della Pace", "Serena", "Alta", "del Naviglio", "dei Platani", "delle Betulle", "dei Salici", "Fiorita", "Verde", "Maggiore", "del Castello", "della Stazione", "delle Cave", "del Mercato", "Giardino", "Olmeda", "Brughiera", "Lunga", "dei Fiori", "delle Vigne", "Murata"}
	streets   = []string{"Via dei Tigli", "Via Rovere", "Viale delle Rose", "Via San Fermo", "Via dei Mulini", "Via Fontana", "Via Santa Lucia", "Via dei Gelsi", "Via degli Olmi", "Viale dei Pioppi", "Via San Rocco", "Piazza San Martino", "Via San Giorgio", "Via Sant'Anna", "Via della Pace", "Via del Naviglio", "Viale dei Platani", "Via delle Betulle", "Via dei Salici", "Via del Castello", "Via della Stazione", "Via delle Cave", "Via del Mercato", "Via Garibaldi", "Via Mazzini", "Via Verdi", "Via Manzoni", "Via Leopardi", "Via Carducci", "Via Pascoli", "Via Foscolo", "Via Parini", "Via Volta", "Via Galvani", "Via Beccaria", "Via Cattaneo", "Via Montale", "Via Deledda", "Via Montessori", "Via Ungaretti"}
	coopNames = []string{"Il Girasole", "La Rondine", "Il Melograno", "Arcobaleno", "La Tenda", "Il Ponte", "Sole e Luna", "La Bussola", "Il Faro", "L'Aquilone", "Casa Aperta", "Il Seme", "La Quercia", "Il Cortile", "Mano Amica", "La Lanterna", "Il Mosaico", "Officina Sociale", "Insieme", "Il Filo", "La Piazza", "Terra e Cielo", "Il Granello", "La Fenice"}
	fondNames = []string{"Fondazione Santa Chiara", "Fondazione Don Aldo", "Fondazione Casa Serena", "Fondazione Pio Istituto", "Fondazione Comunità Demo", "Fondazione Maria Luisa"}
	firmNames = []string{"Sanità Più S.r.l.", "Residenze Lombarde S.p.A.", "Farmacie Associate", "Cura e Casa S.r.l.", "Bimbi Felici S.r.l."}
)
