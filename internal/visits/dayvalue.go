package visits

// DayValue is the counters of one value of a dimension on one day, as the
// stores keep them: what an export carries of the dimensions.
type DayValue struct {
	Day string `json:"day"` // DayLayout
	Dim string `json:"dim"`
	ValueCounts
}
