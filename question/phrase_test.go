package question

import "testing"

func TestElisionBeforeFigures(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{The("11,8%"), "l'11,8%"},
		{The("1%"), "l'1%"},
		{The("1,5%"), "l'1,5%"},
		{The("8%"), "l'8%"},
		{The("80,2%"), "l'80,2%"},
		{The("18%"), "il 18%"},
		{The("10%"), "il 10%"},
		{The("100,0%"), "il 100,0%"},
		{The("25,2%"), "il 25,2%"},
		{Of("1%"), "dell'1%"},
		{Of("2%"), "del 2%"},
		{To("80%"), "all'80%"},
		{From("8.000"), "dall'8.000"},
		{In("2011"), "nel 2011"},
		{The("11.000"), "l'11.000"},
		{The("110"), "il 110"},
		{The("1.200.000"), "l'1.200.000"},
		{The("800"), "l'800"},
		{The("0,0%"), "lo 0,0%"},
		{Of("0,5%"), "dello 0,5%"},
		{To("0%"), "allo 0%"},
		{Agreed(1, "struttura", "strutture", Italian), "1 struttura"},
		{Agreed(9, "area", "aree", Italian), "9 aree"},
		{Agreed(1200, "posto", "posti", Italian), "1.200 posti"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
