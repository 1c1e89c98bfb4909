package answer

import "fmt"

// Role is who asks, which decides the precision of what is published
// (PROTOCOLS.md; docs/privacy.md): every role but the analyst gets counts
// perturbed by the cell-key method, the press rounded to ten on top.
type Role string

// Roles.
const (
	RoleStaff   Role = "staff"   // municipality and partner staff: perturbed counts
	RoleGrant   Role = "grant"   // grant writers: perturbed counts, as staff
	RolePress   Role = "press"   // press office: perturbed counts rounded to the nearest 10
	RoleAnalyst Role = "analyst" // the statistics office, where a policy grants it: exact counts, said in every answer
)

// ParseRole reads a role; the empty string is staff.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case "", RoleStaff:
		return RoleStaff, nil
	case RoleGrant, "grant-writer":
		return RoleGrant, nil
	case RolePress:
		return RolePress, nil
	case RoleAnalyst:
		return RoleAnalyst, nil
	}
	return "", fmt.Errorf("unknown role %q: use staff, grant, press or analyst", s)
}

// Rounding is the base published counts are rounded to for the role (1 = none).
func (r Role) Rounding() int64 {
	if r == RolePress {
		return 10
	}
	return 1
}

// Exact reports whether the role sees exact counts.
func (r Role) Exact() bool { return r == RoleAnalyst }
