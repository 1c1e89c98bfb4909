package question

// JoinAnd joins values as a sentence lists them: "a, b e c" in Italian,
// "a, b and c" in English.
func JoinAnd(values []string, l Lang) string { return list(values, l) }

// Synonyms are words people write for a target or a service that are
// neither its slug nor its name, mostly English (disabled for disabili):
// the dsl suggests the slug, when the catalog has it, for an unknown value.
// Keys are lower case; several words may point to one slug.
var Synonyms = map[string]string{
	// targets
	"disabled": "disabili", "disability": "disabili", "handicap": "disabili", "disabile": "disabili",
	"elderly": "anziani", "seniors": "anziani", "senior": "anziani", "old": "anziani", "older": "anziani", "aged": "anziani", "anziano": "anziani",
	"children": "minori", "kids": "minori", "minors": "minori", "under18": "minori",
	"toddlers": "prima-infanzia", "infants": "prima-infanzia", "babies": "prima-infanzia", "neonati": "prima-infanzia",
	"youth": "giovani", "young": "giovani", "teenagers": "adolescenti", "teens": "adolescenti",
	"foreigners": "stranieri", "immigrants": "stranieri", "migrants": "stranieri", "immigrati": "stranieri",
	"homeless": "senza-dimora", "senzatetto": "senza-dimora", "clochard": "senza-dimora",
	"households": "famiglie", "families": "famiglie", "poor": "famiglie-in-poverta", "poverty": "famiglie-in-poverta", "poveri": "famiglie-in-poverta",
	"residents": "residenti", "population": "residenti", "popolazione": "residenti", "abitanti": "residenti",
	"lonely": "anziani-soli", "alone": "anziani-soli",
	// services
	"nursery": "asilo-nido", "nido": "asilo-nido", "daycare": "asilo-nido", "kindergarten": "scuola-infanzia", "preschool": "scuola-infanzia", "materna": "scuola-infanzia",
	"library": "biblioteca", "pharmacy": "farmacia", "chemist": "farmacia",
	"nursing-home": "rsa", "nursinghome": "rsa", "care-home": "rsa", "carehome": "rsa", "casa-di-riposo": "rsa",
	"shelter": "dormitorio", "dormitory": "dormitorio", "soup-kitchen": "mensa-sociale", "canteen": "mensa-sociale", "mensa": "mensa-sociale",
	"social-services": "servizio-sociale-territoriale", "social-worker": "servizio-sociale-territoriale",
	"youth-centre": "centro-aggregazione-giovanile", "youth-center": "centro-aggregazione-giovanile", "cag": "centro-aggregazione-giovanile",
	"senior-centre": "centro-anziani", "senior-center": "centro-anziani", "day-centre": "centro-diurno-integrato", "day-center": "centro-diurno-integrato", "cdi": "centro-diurno-integrato",
	"counselling": "consultorio-familiare", "consultorio": "consultorio-familiare",
	"primary-school": "scuola-primaria", "elementari": "scuola-primaria", "middle-school": "scuola-secondaria-primo-grado", "medie": "scuola-secondaria-primo-grado",
	"wemi": "punto-wemi",
}

// Topics of help: the vocabulary a question can list (`help targets`,
// `aiuto servizi`, `quali servizi target=anziani`, `target=?`).
const (
	TopicTargets  = "targets"
	TopicServices = "services"
	TopicAreas    = "areas"
	TopicKeys     = "keys"
)

// HelpTopics are the words of the topics of help.
var HelpTopics = []Word{
	{EN: TopicTargets, IT: []string{"target"}, More: []string{"target"}},
	{EN: TopicServices, IT: []string{"servizi", "servizio"}, More: []string{"service"}},
	{EN: TopicAreas, IT: []string{"zone", "aree", "zona", "area"}, More: []string{"area"}},
	{EN: TopicKeys, IT: []string{"chiavi", "chiave"}, More: []string{"key"}},
}

// HelpTopicWord returns the word of a topic (English name).
func HelpTopicWord(topic string) Word {
	for _, w := range HelpTopics {
		if w.EN == topic {
			return w
		}
	}
	return Word{EN: topic}
}

// KeyValues says, for each key (English name), what its value is, in
// Italian and in English: `help keys` lists them.
var KeyValues = map[string][2]string{
	"target":   {"un target del catalogo: slug (anziani-soli) o nome; confronta ne vuole una lista", "a target of the catalog: slug (anziani-soli) or name; compare takes a list"},
	"service":  {"un servizio del catalogo: slug o nome; alcune domande ne vogliono una lista", "a service of the catalog: slug or name; some questions take a list"},
	"radius":   {"una distanza: 800m, 1.5km o minuti a piedi (10min); multipli di 50 m, da 50m a 20km", "a distance: 800m, 1.5km or minutes on foot (10min); multiples of 50 m, 50m to 20km"},
	"area":     {"un'area: slug (municipio-9, nil-54), ID o nome; mai una sezione di censimento", "an area: slug (municipio-9, nil-54), ID or name; never a census section"},
	"year":     {"un anno del catalogo (2023); quanti domanda e quando saturazione anche un intervallo (2020..2024)", "a year of the catalog (2023); howmuch demand and when saturation also a range (2020..2024)"},
	"level":    {"nil (o quartiere) o municipio", "nil (or quartiere) or municipio"},
	"top":      {"righe mostrate: un numero intero, 0 per tutte", "rows shown: a whole number, 0 for every row"},
	"count":    {"nuove sedi per dove localizza: da 1 a 50", "new sites for where locate: 1 to 50"},
	"coverage": {"una percentuale, più di 0 e al massimo 100: 90%", "a percentage above 0 and at most 100: 90%"},
	"template": {"modello di dossier: generico, cariplo, fondazione-comunita", "dossier template: generico, cariplo, fondazione-comunita"},
	"from":     {"l'identificativo di una struttura (centro-anziani-001)", "a facility ID (centro-anziani-001)"},
	"budget":   {"euro interi: 500000, 500k, 1.5M", "whole euros: 500000, 500k, 1.5M"},
	"at":       {"un punto, latitudine,longitudine: 45.46,9.19", "a point, latitude,longitude: 45.46,9.19"},
	"visits":   {"visite di un percorso: da 1 a 100", "visits in a route: 1 to 100"},
	"time":     {"tempo di un percorso a piedi: 90min, 2h", "a route's time on foot: 90min, 2h"},
	"sort":     {"la colonna per cui ordinare la classifica, col suo nome o una parola (ordina=capacità, ordina=quota); aiuto <verbo> <soggetto> elenca le colonne di ogni domanda", "the column to rank by, by its name or a word (sort=capacity, sort=share); help <verb> <subject> lists the columns of each question"},
	"order":    {"il verso dell'ordinamento: decrescente (dal più grande, per i numeri) o crescente (per i nomi, dalla A alla Z)", "the direction of the ranking: desc (largest first, for numbers) or asc (for names, A to Z)"},
}

// Purposes say in one sentence what each question is for, in Italian and in
// English, by "verb subject" (English): `help where underserved` says it.
var Purposes = map[string][2]string{
	"where concentration": {"Dove si concentra un target: conteggio, quota, densità e quoziente di localizzazione per zona.", "Where a target is concentrated: count, share, density and location quotient by area."},
	"where underserved":   {"Dove vive il target senza un servizio che lo serve entro un raggio.", "Where the target lives with no service serving it within a radius."},
	"where served":        {"Il bacino di una struttura: le persone che serve.", "The catchment of one facility: the people it serves."},
	"where overlap":       {"Dove i bacini delle strutture di un servizio si sovrappongono.", "Where the catchments of a service's facilities overlap."},
	"where gap":           {"Dove un servizio è sotto il suo standard di riferimento.", "Where a service falls short of its benchmark."},
	"where locate":        {"Dove aprire nuove strutture per coprire la domanda scoperta.", "Where to open new facilities to cover the unserved demand."},
	"where reach":         {"Dove comunicare per raggiungere un target.", "Where to communicate to reach a target."},
	"where priority":      {"Quali zone vengono prima per le risorse: bisogno contro offerta.", "Which areas come first for resources: need against supply."},
	"howmuch demand":      {"Quante persone o famiglie di un target vivono in un'area, anno per anno.", "How many people or households of a target live in an area, year by year."},
	"howmuch centers":     {"Quanti nuovi centri servono per una copertura.", "How many new centres a coverage needs."},
	"howmuch capacity":    {"Quanti posti servono rispetto allo standard.", "How many places are needed against the standard."},
	"which center":        {"A quale struttura mandare una richiesta, da un punto o da un'area.", "Which facility a request should go to, from a point or an area."},
	"which saturation":    {"Quali strutture sono sature o sottoutilizzate.", "Which facilities are full or under-used."},
	"which partners":      {"Quali organizzazioni sono attive per un target in un'area.", "Which organisations are active for a target in an area."},
	"which alternatives":  {"Quali altre strutture potrebbero rispondere alla domanda.", "Which other facilities could meet the demand."},
	"when route":          {"In che ordine fare le visite a domicilio.", "In which order to make home visits."},
	"when saturation":     {"In che anno la domanda supererà la capacità.", "In which year demand will exceed capacity."},
}
