package names

import "testing"

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`CDI C/O ISTITUTO GERIATRICO ""P. REDAELLI""`, `CDI c/o Istituto Geriatrico "P. Redaelli"`},
		{`CITTA' STUDI`, `Città Studi`},
		{`NIGUARDA - CA' GRANDA`, `Niguarda - Ca' Granda`},
		{`Cà Granda`, `Cà Granda`},
		{`"CDI ""FAGGIO ROSSO"""`, `CDI "Faggio Rosso"`},
		{`"CDI C/O ISTITUTO GERIATRICO ""P. REDAELLI"""`, `CDI c/o Istituto Geriatrico "P. Redaelli"`},
		{`"RSA"`, `RSA`},
		{`"A" E "B"`, `"A" e "B"`},
	} {
		got := Clean(c.in)
		if got != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := Clean(got); again != got {
			t.Errorf("Clean is not idempotent on %q: %q", got, again)
		}
	}
}
