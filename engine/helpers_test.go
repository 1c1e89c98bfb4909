package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/engine/disclose"
)

// The helpers every engine test shares: one opener (a city from a
// hand-built or demo catalog, asking as a role) and one comparison of a
// result's table with the expected rows. The cities themselves are in
// cities_test.go.

// city is an engine over one catalog, with its vocabulary and the data the
// catalog was written from, asking as one role.
type city struct {
	eng   *engine.Engine
	vocab *engine.Vocabulary
	data  *catalog.Data
	role  engine.Role // "" asks as the analyst
}

// openCity writes a catalog with the real DuckDB driver (under a fixed
// secret, so that perturbed figures do not change from run to run), opens
// it read-only and returns a city over it that asks as the analyst, whose
// arithmetic is exact; protected figures are asked for with as.
func openCity(t testing.TB, d *catalog.Data) *city {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "catalog.duckdb")
	catalog.SetSecret(d, disclose.SecretFrom("engine tests"))
	if err := catalog.Write(ctx, path, d); err != nil {
		t.Fatal(err)
	}
	c := cityAt(t, path)
	c.data = d
	return c
}

// cityAt opens a catalog file read-only and returns a city over it that
// asks as the analyst (its data unknown: nil).
func cityAt(t testing.TB, path string) *city {
	t.Helper()
	ctx := context.Background()
	c, err := catalog.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	eng := engine.New(c, engine.Options{})
	v, err := eng.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &city{eng: eng, vocab: v}
}

// as returns the same city asking as role.
func (c *city) as(role engine.Role) *city {
	out := *c
	out.role = role
	return &out
}

// asking is the role the city asks as.
func (c *city) asking() engine.Role {
	if c.role == "" {
		return engine.RoleAnalyst
	}
	return c.role
}

// exec answers a question in a language ("" is Italian); a compile error
// or the engine's error is returned as it is.
func (c *city) exec(q string, l engine.Lang) (*engine.Result, error) {
	plan, err := dsl.Compile(q, c.vocab)
	if err != nil {
		return nil, err
	}
	return c.eng.Exec(context.Background(), engine.Request{Question: q, Plan: plan, Lang: l, Role: c.asking()})
}

// ask answers a question, failing the test on any error.
func (c *city) ask(t testing.TB, q string, l engine.Lang) *engine.Result {
	t.Helper()
	res, err := c.exec(q, l)
	if err != nil {
		t.Fatalf("%s (%s): %v", q, c.asking(), err)
	}
	return res
}

// demand is the count of a target in an area as `howmuch demand` publishes
// it to the city's role: the figure every verb must give for the area.
func (c *city) demand(t testing.TB, target, area string) int64 {
	t.Helper()
	q := "howmuch demand target=" + target + " area=" + area
	return factCount(t, q, c.ask(t, q, engine.Italian).Facts["count"])
}

// cells returns the table as JSON writes its cells, unquoted: ":c" for a
// withheld cell, "null" for an empty one.
func cells(res *engine.Result) [][]string {
	var out [][]string
	for _, r := range res.Rows {
		var line []string
		for _, v := range r {
			line = append(line, cellText(v))
		}
		out = append(out, line)
	}
	return out
}

func cellText(v engine.Value) string {
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

// checkRows compares a result's table with the expected rows, cell by cell:
//
//   - a string with the cell as JSON writes it, unquoted (":c" for a
//     withheld cell, "null" for an empty one, "0.4" for a number);
//   - an int with an integer cell, exactly;
//   - a float64 with a number cell, within 1e-9;
//   - nil with an empty cell (not withheld).
func checkRows(t testing.TB, what string, res *engine.Result, want [][]any) {
	t.Helper()
	if len(res.Rows) != len(want) {
		t.Fatalf("%s: %d rows %v, want %d", what, len(res.Rows), cells(res), len(want))
	}
	for i, row := range res.Rows {
		if len(row) != len(want[i]) {
			t.Fatalf("%s: row %d has %d cells %v, want %d", what, i, len(row), cells(res)[i], len(want[i]))
		}
		for j, v := range row {
			ok := true
			switch w := want[i][j].(type) {
			case nil:
				ok = v.Raw() == nil && !v.IsSuppressed()
			case string:
				ok = cellText(v) == w
			case int:
				n, isInt := v.Raw().(int64)
				ok = isInt && n == int64(w)
			case float64:
				x, isFloat := v.Raw().(float64)
				ok = isFloat && math.Abs(x-w) <= 1e-9
			default:
				t.Fatalf("%s: row %d, %s: cannot compare with a %T", what, i, res.Columns[j].Name, w)
			}
			if !ok {
				t.Errorf("%s: row %d, %s = %s, want %v", what, i, res.Columns[j].Name, cellText(v), want[i][j])
			}
		}
	}
}

// near checks a float fact or cell within 1e-9.
func near(t testing.TB, what string, got any, want float64) {
	t.Helper()
	if x, ok := got.(float64); !ok || math.Abs(x-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// colIndex returns the index of a table's column, failing the test when
// there is none.
func colIndex(t testing.TB, res *engine.Result, name string) int {
	t.Helper()
	for i, c := range res.Columns {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("no column %s in %v", name, res.Columns)
	return -1
}

// publishedCount reads a count cell: its figure, false when withheld or
// not a count of people.
func publishedCount(v engine.Value) (int64, bool) {
	n, ok := v.Raw().(int64)
	return n, ok && v.IsPeople() && !v.IsSuppressed()
}

// factCount reads a published count from the facts, failing the test when
// it is withheld or not a count.
func factCount(t testing.TB, what string, v any) int64 {
	t.Helper()
	n, ok := v.(int64)
	if !ok {
		t.Fatalf("%s = %v, want a published count", what, v)
	}
	return n
}

// publishedNear checks a count published to staff or press against the
// exact one: never a figure from 1 to threshold − 1, zero for nobody, 0 or
// the threshold for a small count, and within the noise of the perturbation
// table (at most D away) at or above the threshold.
func publishedNear(t testing.TB, what string, got, exact int64, threshold int) {
	t.Helper()
	th := int64(threshold)
	d := int64(disclose.DefaultTable.D())
	switch {
	case got > 0 && got < th:
		t.Errorf("%s = %d: a figure from 1 to %d is never published", what, got, th-1)
	case exact == 0 && got != 0:
		t.Errorf("%s = %d, want 0 (nobody)", what, got)
	case exact > 0 && exact < th && got != 0 && got != th:
		t.Errorf("%s = %d, exact %d below the threshold: want 0 or %d", what, got, exact, th)
	case exact >= th && (got < exact-d || got > exact+d):
		t.Errorf("%s = %d, exact %d: beyond the noise (±%d)", what, got, exact, d)
	}
}

// checkShare checks a share cell: the ratio of the published figures,
// capped at 1, or empty when the denominator is zero.
func checkShare(t testing.TB, what string, v engine.Value, num, den int64) {
	t.Helper()
	if den <= 0 {
		if v.Raw() != nil {
			t.Errorf("%s = %v, want null (a share of nobody)", what, v.Raw())
		}
		return
	}
	near(t, what, v.Raw(), math.Min(float64(num)/float64(den), 1))
}

// checkProtected compares a protected answer with the analyst's exact one,
// rows matched by the key column: every count of people the protected
// answer publishes is withheld or near the exact count (publishedNear), and
// at least one is published. It returns the published figures by key and
// column.
func checkProtected(t testing.TB, what string, protected, exact *engine.Result, key string, threshold int) map[string]map[string]int64 {
	t.Helper()
	k := colIndex(t, protected, key)
	exactRows := map[string][]engine.Value{}
	for _, row := range exact.Rows {
		exactRows[fmt.Sprint(row[colIndex(t, exact, key)].Raw())] = row
	}
	out := map[string]map[string]int64{}
	for j, c := range protected.Columns {
		if !peopleUnit(c.Unit) {
			continue
		}
		for _, row := range protected.Rows {
			id := fmt.Sprint(row[k].Raw())
			v, ok := row[j].Raw().(int64)
			if !ok {
				if !row[j].IsSuppressed() {
					t.Errorf("%s %s %s = %v, want a count or withheld", what, id, c.Name, row[j].Raw())
				}
				continue
			}
			if out[id] == nil {
				out[id] = map[string]int64{}
			}
			out[id][c.Name] = v
			ex, ok := exactRows[id][j].Raw().(int64)
			if !ok {
				continue // withheld for the analyst by the threshold rule
			}
			publishedNear(t, what+" "+id+" "+c.Name, v, ex, threshold)
		}
	}
	if len(out) == 0 {
		t.Errorf("%s: the protected answer publishes no count of people: the comparison is empty", what)
	}
	return out
}

// isPeople reports whether a column counts people or households.
func isPeople(c engine.Column) bool {
	return c.Type == engine.TypeInt && peopleUnit(c.Unit)
}

// peopleUnit reports whether a unit is that of people or households.
func peopleUnit(unit string) bool {
	switch unit {
	case "persone", "people", "famiglie", "households":
		return true
	}
	return false
}
