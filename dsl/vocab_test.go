package dsl

import "github.com/welfare-intelligence/wi/engine"

// testVocab is a small vocabulary: four targets, two services, three areas
// (the city, a municipio and a NIL with an accented name) and five years.
func testVocab() *engine.Vocabulary {
	return &engine.Vocabulary{
		Targets: []engine.Target{
			{Slug: "anziani", NameIT: "Anziani", NameEN: "Older people"},
			{Slug: "anziani-soli", NameIT: "Anziani soli", NameEN: "Older people living alone"},
			{Slug: "minori", NameIT: "Minori", NameEN: "Minors"},
			{Slug: "prima-infanzia", NameIT: "Prima infanzia", NameEN: "Early childhood"},
		},
		Services: []engine.Service{
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani", "anziani-soli"}},
			{Slug: "asilo-nido", NameIT: "Asilo nido", NameEN: "Nursery", Targets: []string{"prima-infanzia"}},
		},
		Areas: []engine.Area{
			{ID: "0", Slug: "milano", Name: "Milano", Level: engine.LevelCity},
			{ID: "M9", Slug: "municipio-9", Name: "Municipio 9", Level: engine.LevelMunicipio, Parent: "0"},
			{ID: "54", Slug: "nil-54", Name: "Cà Granda", Level: engine.LevelNIL, Parent: "M9"},
		},
		Years:       []int{2020, 2021, 2022, 2023, 2024},
		DefaultYear: 2024,
		CityArea:    "milano",
	}
}
