package catalog

import (
	"slices"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

// TestDemandModelIsChecked: a service without a role, a standard of an
// unknown kind or without its source and year never reach a catalog; the
// demo carries its own standards and every standard service a role.
func TestDemandModelIsChecked(t *testing.T) {
	d := &Data{Targets: slices.Clone(StandardTargets), Services: slices.Clone(StandardServices), Benchmarks: slices.Clone(demoStandards)}
	if err := Validate(d); err != nil {
		t.Fatalf("the standard vocabulary and the demo's standards: %v", err)
	}
	for _, s := range StandardServices {
		want := question.RoleWelfare
		if slices.Contains([]string{"farmacia", "biblioteca", "scuola-primaria", "scuola-secondaria-primo-grado", "scuola-infanzia"}, s.Slug) {
			want = question.RoleContext
		}
		if s.Role != want {
			t.Errorf("service %s: role %q, want %q", s.Slug, s.Role, want)
		}
	}
	d.Services[0].Role = ""
	d.Benchmarks = append(d.Benchmarks, Benchmark{ID: "x", Service: "rsa", Target: "anziani", Value: 1, Per: 100, Kind: "guess", Source: ""})
	err := Validate(d)
	for _, want := range []string{`service "centro-anziani": role ""`, `standard "x": kind "guess"`, `standard "x": a standard needs its source and the year`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
}
