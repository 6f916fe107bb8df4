package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMENamesEverySetting keeps the README's tables of settings true:
// serve's names every setting of serve as a flag, the Lambda function's
// every setting of its own as a variable, and neither names one that does
// not exist.
func TestREADMENamesEverySetting(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	section := func(heading string) string {
		_, body, ok := strings.Cut(readme, "\n"+heading+"\n")
		if !ok {
			t.Fatalf("README has no %q", heading)
		}
		end := strings.Index(body, "\n## ")
		if i := strings.Index(body, "\n### "); i >= 0 && (end < 0 || i < end) {
			end = i
		}
		if end >= 0 {
			body = body[:end]
		}
		return body
	}
	serve, lambda := section("## Configuration"), section("### Configuration (environment variables)")
	known := map[string]bool{}
	for _, s := range settings() {
		known[s.name] = true
		if s.where.has(Serve) && !strings.Contains(serve, "`--"+s.name+"`") && !strings.Contains(serve, "`--"+s.name+" ") {
			t.Errorf("the Configuration table leaves out --%s", s.name)
		}
		if s.where == onLambda && !strings.Contains(lambda, "`"+EnvName(s.name)+"`") {
			t.Errorf("the Lambda function's table leaves out %s", EnvName(s.name))
		}
	}
	for _, f := range strings.Fields(serve) {
		if name, ok := strings.CutPrefix(strings.Trim(f, "`,|()"), "--"); ok && name != "help" && !strings.HasPrefix(name, "-") && !known[name] {
			t.Errorf("the Configuration section names --%s, which is no setting", name)
		}
	}
	for _, f := range strings.Fields(readme) {
		v, _, _ := strings.Cut(strings.Trim(f, "`,|().:;\"'"), "=")
		if name, ok := strings.CutPrefix(v, "CLOUDRESUME_"); ok && name != "" && !strings.ContainsAny(name, "*<$") && !testVariables()[v] {
			n := strings.ToLower(strings.ReplaceAll(name, "_", "-"))
			if !known[n] {
				t.Errorf("the README names %s, which is no setting", v)
			}
		}
	}
}

// testVariables are the variables of the tests, not of the program.
func testVariables() map[string]bool {
	return map[string]bool{"CLOUDRESUME_DEV_TEMPLATE": true, "CLOUDRESUME_BIN": true}
}
