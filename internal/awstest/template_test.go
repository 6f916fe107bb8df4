package awstest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A template synthesized already is read from the file its variable
// names; a variable naming no file is an error, not a reason to build.
func TestTemplateFromTheNamedFile(t *testing.T) {
	if v := TemplateEnv("dev"); v != "CLOUDRESUME_DEV_TEMPLATE" {
		t.Fatalf("TemplateEnv(dev) = %s", v)
	}
	file := filepath.Join(t.TempDir(), "dev.json")
	if err := os.WriteFile(file, []byte(`{"Resources":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CLOUDRESUME_DEV_TEMPLATE", file)
	b, err := Template("dev")
	if err != nil || string(b) != `{"Resources":{}}` {
		t.Fatalf("Template = %s, %v", b, err)
	}
	t.Setenv("CLOUDRESUME_DEV_TEMPLATE", file+".missing")
	if _, err := Template("dev"); err == nil || !strings.Contains(err.Error(), "CLOUDRESUME_DEV_TEMPLATE") {
		t.Fatalf("Template with a missing file = %v", err)
	}
}
