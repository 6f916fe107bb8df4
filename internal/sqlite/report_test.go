package sqlite

import (
	"context"
	"strings"
	"testing"
)

// The report's queries search the tables by their keys: a year reads its
// months from the rollup and its edge days from the daily rows, never a
// whole table.
func TestReportQueryPlan(t *testing.T) {
	db := openTest(t)
	rows, err := db.read.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+topSQL,
		"2025-02", "2026-01", "2025-01-15", "2025-01-31", "2026-02-01", "2026-02-10", "", 10, "2025-02-01", "2026-01-31")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	all := strings.Join(plan, "\n")
	for _, want := range []string{"SEARCH monthly_dims USING PRIMARY KEY (month>? AND month<?)", "SEARCH daily_dims USING PRIMARY KEY (day>? AND day<?)"} {
		if !strings.Contains(all, want) {
			t.Errorf("plan lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "SCAN monthly_dims") || strings.Contains(all, "SCAN daily_dims") {
		t.Errorf("plan scans a table:\n%s", all)
	}
}
