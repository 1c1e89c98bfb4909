package catalog

import "github.com/welfare-intelligence/wi/question"

// Sensitivity levels of targets and their minimum publishable counts. The
// floor of 3 is the SISTAN rule (Regole deontologiche, All. 1 art. 5); more
// sensitive groups get higher thresholds.
const (
	sensNormal    = "normal"
	sensSensitive = "sensitive"
	sensHigh      = "high"
)

// StandardTargets is wi's vocabulary of people and family targets: every
// catalog carries it, whichever targets its data count.
var StandardTargets = []question.Target{
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
	{Slug: "infanzia", Kind: "person", NameIT: "bambini 3–5 anni", NameEN: "children aged 3–5", DefinitionIT: "Residenti da 3 a 5 anni (fascia della scuola dell'infanzia).", DefinitionEN: "Residents aged 3 to 5 (pre-school age).", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "bambini", Kind: "person", NameIT: "bambini 6–10 anni", NameEN: "children aged 6–10", DefinitionIT: "Residenti da 6 a 10 anni (scuola primaria).", DefinitionEN: "Residents aged 6 to 10 (primary school age).", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "ragazzi", Kind: "person", NameIT: "ragazzi 11–13 anni", NameEN: "children aged 11–13", DefinitionIT: "Residenti da 11 a 13 anni (scuola secondaria di primo grado).", DefinitionEN: "Residents aged 11 to 13 (lower secondary school age).", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "neet", Kind: "person", NameIT: "giovani NEET", NameEN: "NEET young people", DefinitionIT: "Giovani che non studiano, non lavorano e non sono in formazione (stima).", DefinitionEN: "Young people not in education, employment or training (estimate).", Sensitivity: sensSensitive, MinCount: 5},
	{Slug: "popolazione-attiva", Kind: "person", NameIT: "popolazione in età attiva (15–64)", NameEN: "working-age population (15–64)", DefinitionIT: "Residenti da 15 a 64 anni.", DefinitionEN: "Residents aged 15 to 64.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "senza-dimora", Kind: "person", NameIT: "persone senza dimora", NameEN: "homeless people", DefinitionIT: "Persone senza dimora (stima da rilevazioni di strada e iscrizioni anagrafiche fittizie).", DefinitionEN: "Homeless people (estimate from street counts and fictitious registry addresses).", Sensitivity: sensHigh, MinCount: 10},
	{Slug: "grandi-anziani-soli", Kind: "person", NameIT: "grandi anziani soli (80+)", NameEN: "people aged 80+ living alone", DefinitionIT: "Residenti di 80 anni e più che vivono soli.", DefinitionEN: "Residents aged 80 and over living alone.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie", Kind: "family", NameIT: "famiglie", NameEN: "households", DefinitionIT: "Famiglie anagrafiche residenti.", DefinitionEN: "Resident households.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie-unipersonali", Kind: "family", NameIT: "famiglie unipersonali", NameEN: "one-person households", DefinitionIT: "Famiglie di un solo componente.", DefinitionEN: "Households of one person.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie-monogenitoriali", Kind: "family", NameIT: "famiglie monogenitoriali", NameEN: "single-parent households", DefinitionIT: "Famiglie con un solo genitore e almeno un figlio.", DefinitionEN: "Households of one parent with at least one child.", Sensitivity: sensSensitive, MinCount: 5},
	{Slug: "famiglie-numerose", Kind: "family", NameIT: "famiglie numerose", NameEN: "large households", DefinitionIT: "Famiglie di 5 componenti e più.", DefinitionEN: "Households of five or more people.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie-con-minori", Kind: "family", NameIT: "famiglie con minori", NameEN: "households with minors", DefinitionIT: "Famiglie con almeno un componente di 0–17 anni.", DefinitionEN: "Households with at least one member aged 0–17.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie-in-poverta", Kind: "family", NameIT: "famiglie in povertà assoluta", NameEN: "households in absolute poverty", DefinitionIT: "Famiglie con spesa sotto la soglia di povertà assoluta ISTAT (stima).", DefinitionEN: "Households spending below ISTAT's absolute poverty line (estimate).", Sensitivity: sensSensitive, MinCount: 5},
	{Slug: "famiglie-anziane", Kind: "family", NameIT: "famiglie di soli anziani", NameEN: "households of older people only", DefinitionIT: "Famiglie i cui componenti hanno tutti 65 anni e più.", DefinitionEN: "Households whose members are all aged 65 and over.", Sensitivity: sensNormal, MinCount: 3},
	{Slug: "famiglie-straniere", Kind: "family", NameIT: "famiglie straniere", NameEN: "foreign households", DefinitionIT: "Famiglie con intestatario di cittadinanza non italiana.", DefinitionEN: "Households whose head is not an Italian citizen.", Sensitivity: sensSensitive, MinCount: 5},
	{Slug: "famiglie-con-disabili", Kind: "family", NameIT: "famiglie con persone con disabilità", NameEN: "households with a disabled member", DefinitionIT: "Famiglie con almeno un componente con disabilità grave (stima).", DefinitionEN: "Households with at least one member with a severe disability (estimate).", Sensitivity: sensHigh, MinCount: 10},
}

// StandardServices is wi's vocabulary of service types, each with the
// targets it serves, its capacity unit and its usual radius.
var StandardServices = func() []question.Service {
	out := make([]question.Service, len(demoServices))
	for i, s := range demoServices {
		out[i] = s.Service
	}
	return out
}()

// demoService is a service type of the demo city and how many facilities of
// it the city has, where they go and how large they are.
type demoService struct {
	question.Service
	count          int
	placeBy        string   // target whose demand draws the facilities
	elderly        bool     // kept out of the elderly pockets
	childhood      bool     // kept out of the childhood pockets
	capMin, capMax float64  // capacity range
	operators      []string // organisation kinds, drawn in turn
	short          string   // short name for facility names
}

var demoServices = []demoService{
	{Service: question.Service{Slug: "centro-anziani", NameIT: "Centro socio-ricreativo per anziani", NameEN: "Senior community centre", Targets: []string{"anziani", "anziani-75", "anziani-soli", "grandi-anziani", "grandi-anziani-soli"}, CapacityUnit: "iscritti", RadiusM: 800, Role: question.RoleWelfare},
		count: 90, placeBy: "anziani", elderly: true, capMin: 60, capMax: 250, operators: []string{"ets", "ets", "comune"}, short: "Centro anziani"},
	{Service: question.Service{Slug: "centro-diurno-integrato", NameIT: "Centro diurno integrato (CDI)", NameEN: "Integrated day centre for older people", Targets: []string{"anziani", "anziani-75", "anziani-soli", "grandi-anziani", "grandi-anziani-soli", "non-autosufficienti"}, CapacityUnit: "posti", RadiusM: 1500, Role: question.RoleWelfare},
		count: 28, placeBy: "grandi-anziani", elderly: true, capMin: 20, capMax: 40, operators: []string{"ets", "fondazione"}, short: "CDI"},
	{Service: question.Service{Slug: "rsa", NameIT: "Residenza sanitaria assistenziale (RSA)", NameEN: "Nursing home", Targets: []string{"anziani-75", "grandi-anziani", "non-autosufficienti"}, CapacityUnit: "posti letto", RadiusM: 3000, Role: question.RoleWelfare},
		count: 62, placeBy: "grandi-anziani", elderly: true, capMin: 60, capMax: 200, operators: []string{"fondazione", "impresa", "ets"}, short: "RSA"},
	{Service: question.Service{Slug: "custodia-sociale", NameIT: "Custodia sociale", NameEN: "Social caretaking service", Targets: []string{"anziani-soli", "grandi-anziani", "grandi-anziani-soli"}, CapacityUnit: "utenti seguiti", RadiusM: 800, Role: question.RoleWelfare},
		count: 32, placeBy: "anziani-soli", elderly: true, capMin: 40, capMax: 120, operators: []string{"comune", "ets"}, short: "Custodia sociale"},
	{Service: question.Service{Slug: "asilo-nido", NameIT: "Asilo nido", NameEN: "Nursery (0–2)", Targets: []string{"prima-infanzia"}, CapacityUnit: "posti", RadiusM: 1000, Role: question.RoleWelfare},
		count: 210, placeBy: "prima-infanzia", childhood: true, capMin: 20, capMax: 90, operators: []string{"comune", "ets", "impresa"}, short: "Nido"},
	{Service: question.Service{Slug: "scuola-infanzia", NameIT: "Scuola dell'infanzia", NameEN: "Pre-school (3–5)", Targets: []string{"infanzia", "minori"}, CapacityUnit: "posti", RadiusM: 800, Role: question.RoleContext},
		count: 240, placeBy: "infanzia", childhood: true, capMin: 50, capMax: 200, operators: []string{"comune", "comune", "ets"}, short: "Scuola dell'infanzia"},
	{Service: question.Service{Slug: "servizio-sociale-territoriale", NameIT: "Servizio sociale territoriale", NameEN: "Local social services office", Targets: []string{"residenti", "famiglie", "famiglie-in-poverta"}, CapacityUnit: "assistenti sociali", RadiusM: 3000, Role: question.RoleWelfare},
		count: 18, placeBy: "residenti", capMin: 8, capMax: 16, operators: []string{"comune"}, short: "Servizio sociale"},
	{Service: question.Service{Slug: "consultorio-familiare", NameIT: "Consultorio familiare", NameEN: "Family counselling centre", Targets: []string{"famiglie-con-minori", "famiglie-monogenitoriali", "prima-infanzia", "minori"}, CapacityUnit: "utenti/anno", RadiusM: 2000, Role: question.RoleWelfare},
		count: 30, placeBy: "famiglie-con-minori", childhood: true, capMin: 800, capMax: 2500, operators: []string{"ats", "ats", "ets"}, short: "Consultorio"},
	{Service: question.Service{Slug: "centro-aggregazione-giovanile", NameIT: "Centro di aggregazione giovanile (CAG)", NameEN: "Youth centre", Targets: []string{"adolescenti", "ragazzi", "minori", "giovani", "neet"}, CapacityUnit: "posti", RadiusM: 1200, Role: question.RoleWelfare},
		count: 45, placeBy: "adolescenti", capMin: 20, capMax: 80, operators: []string{"ets"}, short: "CAG"},
	{Service: question.Service{Slug: "cam", NameIT: "Centro di aggregazione multifunzionale (CAM)", NameEN: "Multipurpose community centre", Targets: []string{"residenti", "anziani", "giovani"}, CapacityUnit: "iscritti", RadiusM: 1000, Role: question.RoleWelfare},
		count: 25, placeBy: "residenti", capMin: 100, capMax: 400, operators: []string{"comune"}, short: "CAM"},
	{Service: question.Service{Slug: "cdd", NameIT: "Centro diurno disabili (CDD)", NameEN: "Day centre for people with disabilities", Targets: []string{"disabili", "famiglie-con-disabili"}, CapacityUnit: "posti", RadiusM: 3000, Role: question.RoleWelfare},
		count: 30, placeBy: "disabili", capMin: 15, capMax: 30, operators: []string{"ets", "fondazione"}, short: "CDD"},
	{Service: question.Service{Slug: "farmacia", NameIT: "Farmacia", NameEN: "Pharmacy", Targets: []string{"residenti"}, CapacityUnit: "punti", RadiusM: 500, Role: question.RoleContext},
		count: 400, placeBy: "residenti", capMin: 1, capMax: 1, operators: []string{"impresa"}, short: "Farmacia"},
	{Service: question.Service{Slug: "biblioteca", NameIT: "Biblioteca", NameEN: "Library", Targets: []string{"residenti", "minori", "giovani"}, CapacityUnit: "posti lettura", RadiusM: 1500, Role: question.RoleContext},
		count: 26, placeBy: "residenti", capMin: 40, capMax: 200, operators: []string{"comune"}, short: "Biblioteca"},
	{Service: question.Service{Slug: "scuola-primaria", NameIT: "Scuola primaria", NameEN: "Primary school", Targets: []string{"bambini", "minori"}, CapacityUnit: "alunni", RadiusM: 800, Role: question.RoleContext},
		count: 210, placeBy: "bambini", capMin: 150, capMax: 600, operators: []string{"comune", "comune", "comune", "ets"}, short: "Scuola primaria"},
	{Service: question.Service{Slug: "scuola-secondaria-primo-grado", NameIT: "Scuola secondaria di primo grado", NameEN: "Lower secondary school", Targets: []string{"ragazzi", "minori"}, CapacityUnit: "alunni", RadiusM: 1200, Role: question.RoleContext},
		count: 120, placeBy: "ragazzi", capMin: 200, capMax: 700, operators: []string{"comune", "comune", "ets"}, short: "Scuola media"},
	{Service: question.Service{Slug: "dormitorio", NameIT: "Dormitorio / accoglienza notturna", NameEN: "Night shelter", Targets: []string{"senza-dimora"}, CapacityUnit: "posti letto", RadiusM: 3000, Role: question.RoleWelfare},
		count: 14, placeBy: "senza-dimora", capMin: 20, capMax: 150, operators: []string{"comune", "ets", "fondazione"}, short: "Accoglienza notturna"},
	{Service: question.Service{Slug: "mensa-sociale", NameIT: "Mensa sociale", NameEN: "Soup kitchen", Targets: []string{"senza-dimora", "famiglie-in-poverta"}, CapacityUnit: "pasti/giorno", RadiusM: 2000, Role: question.RoleWelfare},
		count: 12, placeBy: "senza-dimora", capMin: 80, capMax: 400, operators: []string{"ets", "fondazione"}, short: "Mensa"},
	{Service: question.Service{Slug: "punto-wemi", NameIT: "Spazio WeMi", NameEN: "WeMi welfare point", Targets: []string{"famiglie", "famiglie-con-minori", "anziani"}, CapacityUnit: "sportelli", RadiusM: 1500, Role: question.RoleWelfare},
		count: 18, placeBy: "famiglie", capMin: 1, capMax: 3, operators: []string{"comune", "ets"}, short: "Spazio WeMi"},
}

// demoStandards are the demo city's demand model: the national essential
// levels (LEP) that bind every Italian city, and the demo's own synthetic
// parameters, said to be so. Imported catalogs carry the standards their
// recipes give (examples/milano/standards.yaml), never these.
var demoStandards = []Benchmark{
	{ID: "nido-33", Service: "asilo-nido", Target: "prima-infanzia", Value: 33, Per: 100, Kind: question.StandardLEP, Year: 2021,
		NameIT: "posti nido ogni 100 bambini di 0–2 anni", NameEN: "nursery places per 100 children aged 0–2",
		Source: "Legge 30 dicembre 2021, n. 234, art. 1, c. 172 (LEP dei servizi educativi per l'infanzia: 33 posti ogni 100 bambini)"},
	{ID: "assistenti-sociali-5000", Service: "servizio-sociale-territoriale", Target: "residenti", Value: 1, Per: 5000, Kind: question.StandardLEP, Year: 2020,
		NameIT: "assistenti sociali ogni 5.000 residenti", NameEN: "social workers per 5,000 residents",
		Source: "Legge 30 dicembre 2020, n. 178, art. 1, c. 797 (LEP: un assistente sociale ogni 5.000 abitanti)"},
	{ID: "demo-rsa-75", Service: "rsa", Target: "anziani-75", Value: 6, Per: 100, Kind: question.StandardLocal, Year: 2024,
		NameIT: "posti letto in RSA ogni 100 residenti di 75 anni e più", NameEN: "nursing-home beds per 100 residents aged 75+",
		Source: "Parametro sintetico della città demo"},
	{ID: "demo-cdi-65", Service: "centro-diurno-integrato", Target: "anziani", Value: 3, Per: 1000, Kind: question.StandardLocal, Year: 2024,
		NameIT: "posti in centro diurno integrato ogni 1.000 residenti di 65 anni e più", NameEN: "day-centre places per 1,000 residents aged 65+",
		Source: "Parametro sintetico della città demo"},
	{ID: "demo-custodia-soli", Service: "custodia-sociale", Target: "anziani-soli", Value: 3, Per: 100, Kind: question.StandardLocal, Year: 2024,
		NameIT: "utenti seguiti dalla custodia sociale ogni 100 anziani soli", NameEN: "users followed by social caretaking per 100 older people living alone",
		Source: "Parametro sintetico della città demo"},
	{ID: "demo-centro-anziani-65", Service: "centro-anziani", Target: "anziani", Value: 5, Per: 100, Kind: question.StandardLocal, Year: 2024,
		NameIT: "iscritti ai centri anziani ogni 100 residenti di 65 anni e più", NameEN: "senior-centre members per 100 residents aged 65+",
		Source: "Parametro sintetico della città demo"},
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
