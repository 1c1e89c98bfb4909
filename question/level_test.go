package question

import "testing"

func TestLevelsAreOneHierarchy(t *testing.T) {
	for i, l := range Levels {
		if l.Rank != i || LevelRank(l.Slug) != i {
			t.Errorf("%s: rank %d at position %d", l.Slug, l.Rank, i)
		}
		if i+1 < len(Levels) && l.Parent != Levels[i+1].Slug {
			t.Errorf("%s: parent %q, want %q", l.Slug, l.Parent, Levels[i+1].Slug)
		}
	}
	if LevelRank("street") != 3 || LevelName("street", Italian) != "street" {
		t.Error("an unknown level")
	}
	if got := LevelRankSQL("a.level"); got != "CASE a.level WHEN 'section' THEN 0 WHEN 'nil' THEN 1 WHEN 'municipio' THEN 2 ELSE 3 END" {
		t.Errorf("SQL = %s", got)
	}
	if LevelName(LevelNIL, English) != "neighbourhood (NIL)" || Levels[0].LongName(Italian) != "sezione di censimento" {
		t.Error("names")
	}
}
