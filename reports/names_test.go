package reports

import "testing"

func TestCleanName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`CDI C/O ISTITUTO GERIATRICO ""P. REDAELLI""`, `CDI c/o Istituto Geriatrico "P. Redaelli"`},
		{`CITTA' STUDI`, `Città Studi`},
		{`NIGUARDA - CA' GRANDA`, `Niguarda - Ca' Granda`},
		{`SOCIOSFERA   ONLUS SOCIETA' COOPERATIVA SOCIALE`, `Sociosfera ONLUS Società Cooperativa Sociale`},
		{`EDOS SRL`, `Edos SRL`},
		{`JULIUS CLINIC S.R.L.`, `Julius Clinic S.R.L.`},
		{`CDI CASA FAMIGLIA DI MILANO AFFORI`, `CDI Casa Famiglia di Milano Affori`},
		{`VIA GIOVANNI MARIA BICETTI DE' BUTTINONI,15`, `Via Giovanni Maria Bicetti de' Buttinoni,15`},
		{`SANT'AMBROGIO`, `Sant'Ambrogio`},
		{`CASA DELL'ANZIANO`, `Casa dell'Anziano`},
		{`L'ABBRACCIO`, `L'Abbraccio`},
		{`SCUOLA DELL'INFANZIA "LIBERA SCUOLA RUDOLF STEINER"`, `Scuola dell'Infanzia "Libera Scuola Rudolf Steiner"`},
		{`VIA T.PINI - MILANO`, `Via T.Pini - Milano`},
		{`XXV APRILE`, `XXV Aprile`},
		{`PERCHE' NO`, `Perché No`},
		{`ISOLA`, `Isola`},
		{`PARCO LAMBRO - CIMIANO`, `Parco Lambro - Cimiano`},
		{`"CENTRO ANZIANI"`, `Centro Anziani`},
		// Names with lower-case letters keep their case; quotes and accents are fixed.
		{`Cà Granda`, `Cà Granda`},
		{`Centro anziani Beccaria`, `Centro anziani Beccaria`},
		{`Centro ""Il Girasole"" di Citta'`, `Centro "Il Girasole" di Città`},
		{`Municipio 9`, `Municipio 9`},
		{``, ``},
		{`A`, `A`},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := CleanName(c.in); got != c.want {
				t.Errorf("CleanName(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
