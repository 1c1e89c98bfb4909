package answer

import (
	"slices"
	"strings"
	"unicode"

	"github.com/welfare-intelligence/wi/question"
)

// Facts declares, for every question of the language (by its English name,
// "where underserved"), the facts its answers may carry in Result.Facts:
// the contract that dossier templates read by name. The engine refuses an
// answer that writes an undeclared fact, and a template that names one
// fails when it is loaded: renaming a fact breaks a test, never a
// dossier silently. Counts of people among them are published figures
// (disclose.Count written with fact(), or ":c").
var Facts = map[string][]string{
	"allocate":            {"areas", "budget_eur", "eur_per_unserved", "first", "first_eur", "level", "target", "year"},
	"compare":             {"areas", "counts", "targets", "year"},
	"dossier":             {},
	"explain":             {},
	"factsheet":           {},
	"help":                {},
	"howmuch capacity":    {"area", "area_name", "benchmark", "benchmark_kind", "benchmark_per", "benchmark_value", "capacity", "facilities", "gap", "places_needed", "ratio", "service", "target", "target_count", "year"},
	"howmuch centers":     {"candidates", "coverage", "covered_after", "covered_before", "existing", "existing_in_area", "gain", "gap_percent", "lower_bound_sites", "new_sites", "proved_optimal", "radius_m", "service", "share_after", "share_before", "solver", "solver_seconds", "target", "total", "year"},
	"howmuch demand":      {"area", "area_name", "change", "change_since", "city_share", "count", "target", "year"},
	"profile":             {"area", "area_name", "facilities", "households", "level", "over_represented", "over_represented_lq", "population", "services", "targets", "year"},
	"when route":          {"area", "bound_m", "dropped", "from", "gap", "length_m", "minutes", "optimal", "people_reached", "solver", "target", "visits", "year"},
	"when saturation":     {"area", "capacity", "expected_users", "facilities", "facilities_saturated", "facilities_saturating", "from_year", "horizon", "method", "saturation_year", "service", "status", "target", "to_year", "trend", "trend_se", "years"},
	"where concentration": {"area", "areas", "base", "city_count", "level", "max_lq", "max_lq_area", "target", "target_count", "top_area", "top_city_share", "top_count", "year"},
	"where gap":           {"access_2sfca", "access_e2sfca", "area", "areas", "areas_below", "benchmark", "benchmark_kind", "benchmark_per", "benchmark_value", "capacity", "facilities", "places_missing", "places_missing_areas", "ratio", "service", "target", "target_count", "year"},
	"where locate":        {"candidates", "count", "covered_after", "covered_before", "existing", "existing_in_area", "gain", "gap_percent", "proved_optimal", "radius_m", "service", "share_after", "share_before", "solver", "solver_seconds", "target", "total", "year"},
	"where overlap":       {"area", "facilities", "multi_covered", "multi_covered_share", "pairs", "radius_m", "service", "target", "year"},
	"where priority":      {"areas", "first", "first_index", "services", "target", "year"},
	"where reach":         {"area", "areas", "base", "level", "target", "target_count", "top_area", "top_density", "top_score", "top_share", "year"},
	"where served":        {"area_km2", "areas", "city_share", "facility", "facility_name", "method", "radius_m", "served", "service", "target", "target_count", "year"},
	"where underserved":   {"area", "areas", "city_unserved_share", "facilities", "radius_m", "rank", "rank_of", "services", "target", "target_count", "unserved", "unserved_share", "year"},
	"which alternatives":  {"alternatives", "alternatives_capacity", "area", "area_capacity", "area_facilities", "area_name", "demand", "other_facilities", "other_services", "radius_m", "service", "target", "year"},
	"which center":        {"area", "facilities", "lat", "lon", "nearest", "nearest_distance_m", "nearest_with_spare", "nearest_with_spare_distance_m", "radius_m", "service", "spare_capacity", "target", "with_capacity", "year"},
	"which partners":      {"area", "area_name", "facilities", "near_m", "organizations", "services", "target", "without_operator"},
	"which saturation":    {"area", "benchmark", "facilities", "max_load", "max_load_facility", "over_capacity", "radius_m", "service", "target", "under_used", "year"},
}

// FactDeclared reports whether answers to the question may carry the fact.
func FactDeclared(questionName, fact string) bool {
	return slices.Contains(Facts[questionName], fact)
}

// QuestionName returns the English name of the question a text asks
// ("where underserved" for `dove sottoservito target=…`), from its first
// words in either language; "" when they name no question.
func QuestionName(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) })
	is := func(w question.Word, s string) bool {
		return slices.ContainsFunc(w.Spellings(), func(x string) bool { return strings.EqualFold(x, s) })
	}
	if len(words) == 0 {
		return ""
	}
	for _, v := range question.Verbs {
		if !is(v.Word, words[0]) {
			continue
		}
		if len(v.Subjects) == 0 {
			return v.EN
		}
		if len(words) > 1 {
			for _, s := range v.Subjects {
				if is(s, words[1]) {
					return v.EN + " " + s.EN
				}
			}
		}
	}
	return ""
}
