package dsl

import "github.com/welfare-intelligence/wi/question"

// testVocab is a small vocabulary: five targets, four services (one without a usual radius), and areas:
// the city, two municipi, a NIL with an accented name, a NIL whose slug
// needs quoting ("zona 1"), another ("ca'granda.2") and a census section;
// five years.
func testVocab() *question.Vocabulary {
	return &question.Vocabulary{
		Targets: []question.Target{
			{Slug: "anziani", NameIT: "Anziani", NameEN: "Older people"},
			{Slug: "anziani-soli", NameIT: "Anziani soli", NameEN: "Older people living alone"},
			{Slug: "minori", NameIT: "Minori", NameEN: "Minors"},
			{Slug: "prima-infanzia", NameIT: "Prima infanzia", NameEN: "Early childhood"},
			{Slug: "non-autosufficienti", NameIT: "Non autosufficienti", NameEN: "Dependent older people"},
		},
		Services: []question.Service{
			{Slug: "centro-anziani", NameIT: "Centro anziani", NameEN: "Senior centre", Targets: []string{"anziani", "anziani-soli"}, RadiusM: 800},
			{Slug: "asilo-nido", NameIT: "Asilo nido", NameEN: "Nursery", Targets: []string{"prima-infanzia"}, RadiusM: 1000},
			{Slug: "rsa", NameIT: "RSA", NameEN: "Care home", Targets: []string{"anziani", "non-autosufficienti"}, RadiusM: 2980},
			{Slug: "centro-diurno-integrato", NameIT: "Centro diurno integrato", NameEN: "Integrated day centre", Targets: []string{"anziani-soli", "non-autosufficienti"}},
		},
		Areas: []question.Area{
			{ID: "0", Slug: "milano", Name: "Milano", Level: question.LevelCity},
			{ID: "M2", Slug: "municipio-2", Name: "Municipio 2", Level: question.LevelMunicipio, Parent: "0"},
			{ID: "M9", Slug: "municipio-9", Name: "Municipio 9", Level: question.LevelMunicipio, Parent: "0"},
			{ID: "54", Slug: "nil-54", Name: "Cà Granda", Level: question.LevelNIL, Parent: "M9"},
			{ID: "Z1", Slug: "zona 1", Name: "Zona Uno", Level: question.LevelNIL, Parent: "M2"},
			{ID: "CG2", Slug: "ca'granda.2", Name: "Ca' Granda Due", Level: question.LevelNIL, Parent: "M9"},
			{ID: "S1", Slug: "sezione-1", Name: "Sezione 1", Level: question.LevelSection, Parent: "54"},
		},
		Years:       []int{2020, 2021, 2022, 2023, 2024},
		DefaultYear: 2024,
		CityArea:    "milano",
	}
}
