package visits

// DayCounts are the totals of one UTC day.
type DayCounts struct {
	Day string `json:"day"` // DayLayout
	Counts
}
