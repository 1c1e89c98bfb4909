package question

import (
	"fmt"
	"strings"
)

// Level is a level of the territorial hierarchy: its slug (one of the
// Level… constants), its rank from the finest (0, census sections) to the
// city (3), its names in both languages and the level it nests in.
type Level struct {
	Slug   string
	Rank   int
	Parent string // the next coarser level; "" for the city
	// Short is the name a table column or a sentence uses ("quartiere
	// (NIL)"); Long says it in full where the short name could be unclear
	// ("sezione di censimento").
	ShortIT, ShortEN string
	LongIT, LongEN   string
}

// Levels lists the hierarchy from the finest level to the city: the one
// place the order of levels is written (the catalog's SQL reads it through
// LevelRankSQL).
var Levels = []Level{
	{Slug: LevelSection, Rank: 0, Parent: LevelNIL, ShortIT: "sezione", ShortEN: "section", LongIT: "sezione di censimento", LongEN: "census section"},
	{Slug: LevelNIL, Rank: 1, Parent: LevelMunicipio, ShortIT: "quartiere (NIL)", ShortEN: "neighbourhood (NIL)", LongIT: "quartiere (NIL)", LongEN: "neighbourhood (NIL)"},
	{Slug: LevelMunicipio, Rank: 2, Parent: LevelCity, ShortIT: "municipio", ShortEN: "municipio", LongIT: "municipio", LongEN: "municipio"},
	{Slug: LevelCity, Rank: 3, ShortIT: "città", ShortEN: "city", LongIT: "città", LongEN: "city"},
}

// LevelOf returns the level with the slug.
func LevelOf(slug string) (Level, bool) {
	for _, l := range Levels {
		if l.Slug == slug {
			return l, true
		}
	}
	return Level{}, false
}

// LevelRank orders levels from the finest (0) to the city (3); an unknown
// level ranks with the city.
func LevelRank(slug string) int {
	if l, ok := LevelOf(slug); ok {
		return l.Rank
	}
	return len(Levels) - 1
}

// Name is the level's short name in the language ("quartiere (NIL)").
func (l Level) Name(lang Lang) string { return lang.Pick(l.ShortIT, l.ShortEN) }

// LongName is the level's name in full ("sezione di censimento").
func (l Level) LongName(lang Lang) string { return lang.Pick(l.LongIT, l.LongEN) }

// LevelName is the short name of a level by slug; the slug itself when unknown.
func LevelName(slug string, lang Lang) string {
	if l, ok := LevelOf(slug); ok {
		return l.Name(lang)
	}
	return slug
}

// LevelRankSQL is a SQL expression giving a level column's rank, for the
// catalog's queries: CASE col WHEN 'section' THEN 0 … ELSE 3 END.
func LevelRankSQL(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for _, l := range Levels[:len(Levels)-1] {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", l.Slug, l.Rank)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(Levels)-1)
	return b.String()
}
