package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/geo"
)

// partnersNearM is how far from an area's representative point a facility
// still makes its operator active "near" the area.
const partnersNearM = 1000.0

// partnersOrg is an organisation and what it runs in or near the area.
type partnersOrg struct {
	id, name   string
	facilities int
	inArea     int
	services   []string // slugs, sorted
	capacity   float64  // sum of the known capacities
	known      int      // facilities with a known capacity
	nearest    float64  // metres from the area's representative point
}

// partners answers `which partners`: the organisations running facilities
// for a target (of the services given, or of every service serving it) in an
// area or within 1 km of its representative point, ranked by the facilities
// they run inside the area, then by distance. It publishes no count of
// people: no disclosure control applies.
func (e *Engine) partners(ctx context.Context, p *WhichPartners, l Lang) (*Result, error) {
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	if p.Area == "" {
		return nil, fmt.Errorf("which partners needs an area")
	}
	area, err := e.knownArea(p.Area)
	if err != nil {
		return nil, err
	}
	services, err := e.servicesFor(p.Target, p.Services)
	if err != nil {
		return nil, err
	}
	facilities, err := e.facilities(ctx, services)
	if err != nil {
		return nil, err
	}
	used := sourceSet{}
	g := e.partnersGather(facilities, area, used)
	shown := topRows(g.list, p.Top)
	unit := ""
	if len(g.units) == 1 {
		for u := range g.units {
			unit = u
		}
	}
	res := e.partnersTable(shown, unit, l)
	res.Facts = map[string]any{}
	res.Facts["target"] = p.Target
	res.Facts["area"] = p.Area
	res.Facts["area_name"] = area.Name
	res.Facts["services"] = services
	res.Facts["near_m"] = partnersNearM
	res.Facts["organizations"] = len(g.list)
	res.Facts["facilities"] = g.found
	res.Facts["without_operator"] = g.anonymous
	res.Headline = partnersHeadline(target, area, g.list, l)
	res.Notes = e.partnersNotes(services, area, g, p.Top, l)
	res.Sources = e.sources(used)
	return res, nil
}

// partnersFound is the organisations running facilities in or near the
// area, ranked by facilities in the area, then by the distance of the
// nearest.
type partnersFound struct {
	list             []*partnersOrg
	units            map[string]bool // capacity units summed
	found, anonymous int             // facilities found, and those with no operator
}

// partnersGather groups the facilities in or near the area by operator,
// and adds their datasets to used.
func (e *Engine) partnersGather(facilities []Facility, area Area, used sourceSet) partnersFound {
	orgs := map[string]*partnersOrg{}
	g := partnersFound{units: map[string]bool{}}
	for _, f := range facilities {
		inside := area.Level == LevelCity || e.catchmentInArea(f.Area, area)
		d := geo.Haversine(area.Point, f.Point)
		if !inside && d > partnersNearM {
			continue
		}
		g.found++
		used[f.Dataset] = true
		id, name := f.Organization, f.Operator
		if id == "" && name == "" {
			g.anonymous++
			continue
		}
		key := cmp.Or(id, "name:"+name)
		o := orgs[key]
		if o == nil {
			o = &partnersOrg{id: id, name: cmp.Or(name, id), nearest: math.Inf(1)}
			orgs[key] = o
		}
		o.facilities++
		if inside {
			o.inArea++
		}
		if !slices.Contains(o.services, f.Service) {
			o.services = append(o.services, f.Service)
			slices.Sort(o.services)
		}
		if f.Capacity > 0 {
			o.capacity += f.Capacity
			o.known++
			sv, _ := e.vocab.Service(f.Service)
			g.units[sv.CapacityUnit] = true
		}
		o.nearest = min(o.nearest, d)
	}
	for _, o := range orgs {
		g.list = append(g.list, o)
	}
	slices.SortFunc(g.list, func(x, y *partnersOrg) int {
		return cmp.Or(cmp.Compare(y.inArea, x.inArea), cmp.Compare(x.nearest, y.nearest), cmp.Compare(x.name, y.name), cmp.Compare(x.id, y.id))
	})
	return g
}

// partnersTable lays the shown organisations out.
func (e *Engine) partnersTable(shown []*partnersOrg, unit string, l Lang) *Result {
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "organization_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "organization", Label: l.Pick("organizzazione", "organisation"), Type: TypeString},
			{Name: "facilities", Label: l.Pick("strutture", "facilities"), Type: TypeInt},
			{Name: "facilities_in_area", Label: l.Pick("nell'area", "in the area"), Type: TypeInt},
			{Name: "services", Label: l.Pick("servizi", "services"), Type: TypeString},
			{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeFloat, Unit: unit},
			{Name: "nearest_m", Label: l.Pick("la più vicina", "nearest"), Type: TypeInt, Unit: "m"},
		},
	}
	for k, o := range shown {
		names := make([]string, len(o.services))
		for i, s := range o.services {
			names[i] = s
			if sv, ok := e.vocab.Service(s); ok {
				names[i] = sv.Name(l)
			}
		}
		capV := Empty()
		if o.known > 0 {
			capV = Float(o.capacity)
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(k + 1)), Str(o.id), Str(o.name), Int(int64(o.facilities)), Int(int64(o.inArea)),
			Str(strings.Join(names, ", ")), capV, Int(int64(math.Round(o.nearest))),
		})
	}
	return res
}

// partnersNotes says how organisations were found and what the table
// leaves out.
func (e *Engine) partnersNotes(services []string, area Area, g partnersFound, top int, l Lang) []string {
	var svcNames []string
	for _, s := range services {
		if sv, ok := e.vocab.Service(s); ok {
			svcNames = append(svcNames, sv.Name(l))
		}
	}
	notes := []string{l.Pick(
		fmt.Sprintf("Metodo: gestori delle strutture (servizi: %s) che stanno in %s o entro %s in linea d'aria dal suo punto rappresentativo; ordinati per strutture nell'area, poi per distanza della più vicina.", strings.Join(svcNames, ", "), area.Name, FormatDistance(partnersNearM, l)),
		fmt.Sprintf("Method: operators of the facilities (services: %s) standing in %s or within %s in a straight line of its representative point; ranked by facilities in the area, then by the distance of the nearest.", strings.Join(svcNames, ", "), area.Name, FormatDistance(partnersNearM, l)))}
	if g.anonymous > 0 {
		notes = append(notes, l.Pick(
			fmt.Sprintf("%d strutture senza gestore noto nel catalogo non sono attribuite a nessuna organizzazione.", g.anonymous),
			fmt.Sprintf("%d facilities with no known operator in the catalog are not attributed to any organisation.", g.anonymous)))
	}
	if len(g.units) > 1 {
		us := make([]string, 0, len(g.units))
		for u := range g.units {
			us = append(us, u)
		}
		slices.Sort(us)
		notes = append(notes, l.Pick(
			fmt.Sprintf("La capacità somma unità diverse (%s): è un ordine di grandezza.", strings.Join(us, ", ")),
			fmt.Sprintf("Capacity adds up different units (%s): an order of magnitude only.", strings.Join(us, ", "))))
	}
	if top > 0 && len(g.list) > top {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Mostrate le prime %d organizzazioni su %d (primi=0 per vederle tutte).", top, len(g.list)),
			fmt.Sprintf("Showing the first %d organisations of %d (top=0 shows them all).", top, len(g.list))))
	}
	return notes
}

func partnersHeadline(target Target, area Area, list []*partnersOrg, l Lang) string {
	near := FormatDistance(partnersNearM, l)
	name := target.Name(l)
	if len(list) == 0 {
		return l.Pick(
			fmt.Sprintf("%s: nessuna organizzazione nota gestisce strutture per %s nell'area o entro %s.", area.Name, name, near),
			fmt.Sprintf("%s: no known organisation runs facilities for %s in the area or within %s.", area.Name, name, near))
	}
	first := list[0]
	orgs := l.Pick(fmt.Sprintf("%s %s", Agreed(len(list), "organizzazione", "organizzazioni", l), Plural(len(list), "gestisce", "gestiscono")), fmt.Sprintf("%d organisations run", len(list)))
	if len(list) == 1 {
		orgs = l.Pick("1 organizzazione gestisce", "1 organisation runs")
	}
	lead := l.Pick(
		fmt.Sprintf(" la più vicina è %s, a %s.", first.name, FormatDistance(math.Round(first.nearest), l)),
		fmt.Sprintf(" the nearest is %s, %s away.", first.name, FormatDistance(math.Round(first.nearest), l)))
	if first.inArea > 0 {
		lead = l.Pick(
			fmt.Sprintf(" la più presente è %s (%d nell'area).", first.name, first.inArea),
			fmt.Sprintf(" the most present is %s (%d in the area).", first.name, first.inArea))
	}
	return l.Pick(
		fmt.Sprintf("%s: %s strutture per %s nell'area o entro %s;", area.Name, orgs, name, near),
		fmt.Sprintf("%s: %s facilities for %s in the area or within %s;", area.Name, orgs, name, near)) + lead
}
