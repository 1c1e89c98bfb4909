package dsl

import (
	"reflect"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

func TestCompilePlans(t *testing.T) {
	underserved := func(edit func(p *question.Underserved)) *question.Underserved {
		p := &question.Underserved{Target: "anziani-soli", RadiusM: 800, Year: 2024, Level: question.LevelNIL, Top: 10}
		if edit != nil {
			edit(p)
		}
		return p
	}
	tests := []struct {
		name string
		src  string
		want question.Plan
	}{
		{"english, defaults filled", "where underserved target=anziani-soli radius=800m", underserved(nil)},
		{"italian", "dove sottoservito target=anziani-soli raggio=800m", underserved(nil)},
		{"italian plural subject", "dove scoperti raggio=800m target=anziani-soli", underserved(nil)},
		{"case and comment", "Dove Sottoserviti TARGET=Anziani-Soli RAGGIO=800M # nota", underserved(nil)},
		{"target by name", `where underserved target="Anziani soli" radius=800m`, underserved(nil)},
		{"km with decimals", "where underserved target=anziani-soli radius=1.5km",
			underserved(func(p *question.Underserved) { p.RadiusM = 1500 })},
		{"minutes of walking", "where underserved target=anziani-soli radius=15min",
			underserved(func(p *question.Underserved) { p.RadiusM = 1200 })},
		{"kilometres on the grid", "where underserved target=anziani-soli radius=0.05km",
			underserved(func(p *question.Underserved) { p.RadiusM = 50 })},
		{"services sorted and deduplicated", "where underserved target=anziani radius=800m service=rsa,centro-anziani,rsa",
			underserved(func(p *question.Underserved) {
				p.Target, p.Services = "anziani", []string{"centro-anziani", "rsa"}
			})},
		{"area by accented name", `dove sottoservito target=anziani-soli raggio=800m zona="Cà Granda"`,
			underserved(func(p *question.Underserved) { p.Area = "nil-54" })},
		{"area by unaccented upper name", `where underserved target=anziani-soli radius=800m area="CA' GRANDA"`,
			underserved(func(p *question.Underserved) { p.Area = "nil-54" })},
		{"area by ID", "where underserved target=anziani-soli radius=800m area=54",
			underserved(func(p *question.Underserved) { p.Area = "nil-54" })},
		{"city area means whole city", "where underserved target=anziani-soli radius=800m area=Milano",
			underserved(nil)},
		{"all keys, italian", "dove sottoservito target=anziani servizio=centro-anziani,centro-anziani raggio=1km zona=municipio-9 livello=quartiere anno=2022 primi=0",
			underserved(func(p *question.Underserved) {
				p.Target, p.Services, p.RadiusM, p.Area, p.Year, p.Top = "anziani", []string{"centro-anziani"}, 1000, "municipio-9", 2022, 0
			})},
		{"level municipio", "where underserved target=anziani-soli radius=800m level=municipio top=3",
			underserved(func(p *question.Underserved) { p.Level, p.Top = question.LevelMunicipio, 3 })},
		{"service by name", `where underserved target=anziani-soli radius=800m service="Centro anziani"`,
			underserved(func(p *question.Underserved) { p.Services = []string{"centro-anziani"} })},
		{"demand, defaults", "howmuch demand target=anziani",
			&question.Demand{Target: "anziani", Area: "milano", Year: 2024}},
		{"demand, italian", "quanti domanda target=minori zona=\"Cà Granda\" anno=2023",
			&question.Demand{Target: "minori", Area: "nil-54", Year: 2023}},
		{"demand, quanto", "quanto domanda target=minori area=municipio-9",
			&question.Demand{Target: "minori", Area: "municipio-9", Year: 2024}},
		{"demand, city by slug", "howmuch demand target=minori area=milano year=2020",
			&question.Demand{Target: "minori", Area: "milano", Year: 2020}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Compile(tt.src, testVocab())
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.src, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Compile(%q)\n got %#v\nwant %#v", tt.src, got, tt.want)
			}
		})
	}
}

func TestItalianAndEnglishEqual(t *testing.T) {
	pairs := [][2]string{
		{"where underserved target=anziani-soli radius=800m", "dove sottoservito target=anziani-soli raggio=800m"},
		{"where underserved target=anziani service=centro-anziani radius=2km area=municipio-9 level=municipio year=2021 top=5",
			"dove sottoserviti target=anziani servizio=centro-anziani raggio=2km zona=municipio-9 livello=municipio anno=2021 primi=5"},
		{"howmuch demand target=minori area=nil-54 year=2023", `quanti domanda target=minori zona="Cà Granda" anno=2023`},
	}
	for _, p := range pairs {
		en, err := Compile(p[0], testVocab())
		if err != nil {
			t.Fatalf("Compile(%q): %v", p[0], err)
		}
		it, err := Compile(p[1], testVocab())
		if err != nil {
			t.Fatalf("Compile(%q): %v", p[1], err)
		}
		if !reflect.DeepEqual(en, it) {
			t.Errorf("plans differ:\n%q → %#v\n%q → %#v", p[0], en, p[1], it)
		}
	}
}

func TestFold(t *testing.T) {
	for _, s := range []string{"Cà Granda", "ca granda", "CA' GRANDA", "ca-granda", "CÀ GRANDA", "Ca\u0300 Granda"} {
		if got := fold(s); got != "cagranda" {
			t.Errorf("fold(%q) = %q, want %q", s, got, "cagranda")
		}
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"anziani", "anziani-soli", "minori", "prima-infanzia"}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"anziani-sli", "anziani-soli", true},
		{"ANZIANI SOLI", "anziani-soli", true},
		{"minory", "minori", true},
		{"prima-infnzia", "prima-infanzia", true},
		{"bambini", "", false},
		{"x", "", false},
	}
	for _, tt := range tests {
		got, ok := suggest(tt.in, cands)
		if got != tt.want || ok != tt.ok {
			t.Errorf("suggest(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseAST(t *testing.T) {
	q, err := Parse(`dove sottoservito zona="Cà \"G\"" raggio=1.5km,2km anno=2020..2024 # nota`)
	if err != nil {
		t.Fatal(err)
	}
	if q.Verb.Text != "dove" || q.Subject.Text != "sottoservito" || len(q.Args) != 3 {
		t.Fatalf("got %s", q)
	}
	if got := q.Args[0].Value.Items[0].Text(); got != `Cà "G"` {
		t.Errorf("string value = %q", got)
	}
	if a := q.Args[1]; a.Pos.Column != 35 || a.Name() != "raggio" || len(a.Value.Items) != 2 || *a.Value.Items[1].Number != "2km" {
		t.Errorf("raggio arg = %+v %s", a.Pos, a)
	}
	if r := q.Args[2].Value.Items[0].Range; r == nil || *r != "2020..2024" {
		t.Errorf("range = %v", r)
	}
	if got, want := q.String(), `dove sottoservito zona="Cà \"G\"" raggio=1.5km,2km anno=2020..2024`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestCheckEdges(t *testing.T) {
	if _, err := Check(nil, testVocab()); err == nil || err.Error() != "1:1: domanda vuota" {
		t.Errorf("Check(nil) error = %v", err)
	}
	q, err := Parse("howmuch demand target=minori year=2023")
	if err != nil {
		t.Fatal(err)
	}
	q.Args[1].Value = nil // a hand-built question with a key and no value
	if _, err := Check(q, testVocab()); err == nil || err.Error() != `1:35: manca il valore dopo "year="` {
		t.Errorf("Check(no value) error = %v", err)
	}
	noCity := testVocab()
	noCity.CityArea = ""
	if _, err := Compile("howmuch demand target=minori", noCity); err == nil ||
		err.Error() != "1:29: il catalogo non ha un'area città: indica zona=" {
		t.Errorf("demand without a city area: %v", err)
	}
	if p, err := Compile("howmuch demand target=minori area=municipio-9", noCity); err != nil ||
		p.(*question.Demand).Area != "municipio-9" {
		t.Errorf("demand with an area and no city area: %v, %v", p, err)
	}
}
