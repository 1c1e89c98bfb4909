// Code generated from package answer; the names the engine's files use unqualified. DO NOT EDIT: go generate ./engine/ rewrites it.

package engine

import "github.com/welfare-intelligence/wi/answer"

type (
	AnswerError = answer.AnswerError
	Column      = answer.Column
	Disclosure  = answer.Disclosure
	Result      = answer.Result
	Role        = answer.Role
	Source      = answer.Source
	Value       = answer.Value
)

const (
	Confidential = answer.Confidential
	RoleAnalyst  = answer.RoleAnalyst
	RoleGrant    = answer.RoleGrant
	RolePress    = answer.RolePress
	RoleStaff    = answer.RoleStaff
	TypeCoord    = answer.TypeCoord
	TypeFloat    = answer.TypeFloat
	TypeInt      = answer.TypeInt
	TypePercent  = answer.TypePercent
	TypeString   = answer.TypeString
	TypeYear     = answer.TypeYear
)

var (
	Count           = answer.Count
	Empty           = answer.Empty
	Errorf          = answer.Errorf
	FactDeclared    = answer.FactDeclared
	Float           = answer.Float
	Int             = answer.Int
	IsAnswerError   = answer.IsAnswerError
	Message         = answer.Message
	ParseRole       = answer.ParseRole
	QuestionName    = answer.QuestionName
	Str             = answer.Str
	Suppressed      = answer.Suppressed
	ErrNotAvailable = answer.ErrNotAvailable
	Facts           = answer.Facts
)
