// Code generated from package question; the names the engine's files use unqualified. DO NOT EDIT: go generate ./engine/ rewrites it.

package engine

import "github.com/welfare-intelligence/wi/question"

type (
	Allocate           = question.Allocate
	Area               = question.Area
	Compare            = question.Compare
	Demand             = question.Demand
	Describer          = question.Describer
	Dossier            = question.Dossier
	Explain            = question.Explain
	Factsheet          = question.Factsheet
	Help               = question.Help
	HowmuchCapacity    = question.HowmuchCapacity
	HowmuchCenters     = question.HowmuchCenters
	KeySpec            = question.KeySpec
	Lang               = question.Lang
	Level              = question.Level
	Order              = question.Order
	Plan               = question.Plan
	Profile            = question.Profile
	QuestionSpec       = question.QuestionSpec
	Ranked             = question.Ranked
	Service            = question.Service
	SortColumn         = question.SortColumn
	Target             = question.Target
	Underserved        = question.Underserved
	VerbWord           = question.VerbWord
	Vocabulary         = question.Vocabulary
	WhenRoute          = question.WhenRoute
	WhenSaturation     = question.WhenSaturation
	WhereConcentration = question.WhereConcentration
	WhereGap           = question.WhereGap
	WhereLocate        = question.WhereLocate
	WhereOverlap       = question.WhereOverlap
	WherePriority      = question.WherePriority
	WhereReach         = question.WhereReach
	WhereServed        = question.WhereServed
	WhichAlternatives  = question.WhichAlternatives
	WhichCenter        = question.WhichCenter
	WhichPartners      = question.WhichPartners
	WhichSaturation    = question.WhichSaturation
	Word               = question.Word
)

const (
	English             = question.English
	Italian             = question.Italian
	LevelCity           = question.LevelCity
	LevelMunicipio      = question.LevelMunicipio
	LevelNIL            = question.LevelNIL
	LevelSection        = question.LevelSection
	RoleContext         = question.RoleContext
	RoleWelfare         = question.RoleWelfare
	SortCount           = question.SortCount
	SortDensity         = question.SortDensity
	SortGrowth          = question.SortGrowth
	SortShare           = question.SortShare
	StandardAverage     = question.StandardAverage
	StandardLEP         = question.StandardLEP
	StandardLocal       = question.StandardLocal
	StandardRegional    = question.StandardRegional
	TopicAreas          = question.TopicAreas
	TopicKeys           = question.TopicKeys
	TopicServices       = question.TopicServices
	TopicTargets        = question.TopicTargets
	WalkingSpeedMPerMin = question.WalkingSpeedMPerMin
)

var (
	Agreed           = question.Agreed
	ExampleValue     = question.ExampleValue
	FormatDate       = question.FormatDate
	FormatDegrees    = question.FormatDegrees
	FormatDistance   = question.FormatDistance
	FormatFloat      = question.FormatFloat
	FormatInt        = question.FormatInt
	FormatMetres     = question.FormatMetres
	FormatPct        = question.FormatPct
	FormatPercent    = question.FormatPercent
	From             = question.From
	HelpTopicWord    = question.HelpTopicWord
	In               = question.In
	InPlace          = question.InPlace
	JoinAnd          = question.JoinAnd
	KeyWord          = question.KeyWord
	LevelName        = question.LevelName
	LevelOf          = question.LevelOf
	LevelRank        = question.LevelRank
	LevelRankSQL     = question.LevelRankSQL
	Of               = question.Of
	OfTheN           = question.OfTheN
	ParseLang        = question.ParseLang
	Plural           = question.Plural
	SortName         = question.SortName
	StandardKindName = question.StandardKindName
	The              = question.The
	To               = question.To
	Token            = question.Token
	Tokens           = question.Tokens
	Trimmed          = question.Trimmed
	HelpTopics       = question.HelpTopics
	KeyValues        = question.KeyValues
	Keys             = question.Keys
	Levels           = question.Levels
	Purposes         = question.Purposes
	Questions        = question.Questions
	SortColumns      = question.SortColumns
	StandardKinds    = question.StandardKinds
	Synonyms         = question.Synonyms
	Templates        = question.Templates
	Verbs            = question.Verbs
)
