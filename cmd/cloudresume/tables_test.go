package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudresume/cloudresume/internal/awstest"
)

// The whole program on DynamoDB: tables create (twice: the second finds
// them), movies import and messages on those tables, then serve counting
// visits and serving the movies.
func TestTablesCreateThenServeOnDynamoDB(t *testing.T) {
	endpoint := awstest.Dynalite(t)
	prefix := awstest.Prefix(t)
	flags := []string{"--store", "dynamodb", "--dynamodb-endpoint", endpoint, "--table-prefix", prefix}

	for round, want := range []string{"created", "exists"} {
		out, stderr, err := cli(t, nil, append([]string{"tables", "create"}, flags...)...)
		if err != nil {
			t.Fatalf("round %d: %v\n%s", round+1, err, stderr)
		}
		for _, table := range []string{"visits", "movies", "messages"} {
			if !strings.Contains(out, want+"  "+prefix+table) {
				t.Fatalf("round %d: output lacks %q:\n%s", round+1, want+" "+prefix+table, out)
			}
		}
		if !strings.Contains(out, "TTL not supported by this server") {
			t.Fatalf("round %d: no TTL note:\n%s", round+1, out)
		}
	}

	// The other stores are on the same tables: movies imported by the CLI
	// are served below; the inbox is empty.
	csv := filepath.Join(t.TempDir(), "movies.csv")
	os.WriteFile(csv, []byte("movie_id,name,country_of_origin,release_date\ntt1,One,France,2001-01-01\ntt2,Two,,\n"), 0o644)
	if out, stderr, err := cli(t, nil, append([]string{"movies", "import"}, append(flags, csv)...)...); err != nil {
		t.Fatalf("movies import: %v\n%s%s", err, out, stderr)
	}
	out, stderr, err := cli(t, nil, append([]string{"messages", "--json"}, flags...)...)
	if err != nil || strings.Join(strings.Fields(out), "") != `{"messages":[],"total":0,"unread":0,"spam":0,"failed":0,"long_pending":0}` {
		t.Fatalf("messages = %s, %v\n%s", out, err, stderr)
	}

	s := startServe(t, append(flags, "--trust-proxy", "--rate-limit", "0")...)
	var movie struct{ Name string }
	if err := getJSON(s.url+"/api/movies/tt1", &movie); err != nil || movie.Name != "One" {
		t.Fatalf("GET /api/movies/tt1 = %+v, %v", movie, err)
	}

	const firefox, chrome = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36"
	steps := []struct {
		ip, ua string
		want   map[string]int64
	}{
		{"198.51.100.1", firefox, map[string]int64{"visitors": 1, "views": 1}},
		{"198.51.100.1", firefox, map[string]int64{"visitors": 1, "views": 2}},
		{"198.51.100.2", chrome, map[string]int64{"visitors": 2, "views": 3}},
		{"198.51.100.3", "curl/8.5.0", map[string]int64{"visitors": 2, "views": 3}}, // a bot: counted apart
	}
	for i, st := range steps {
		got, err := hit(http.DefaultClient, s.url, st.ip, st.ua)
		if err != nil {
			t.Fatalf("hit %d: %v\n%s", i, err, s.stderr)
		}
		if !mapsEqual(got, st.want) {
			t.Fatalf("hit %d: counts %v, want %v", i, got, st.want)
		}
	}
	var got map[string]int64
	if err := getJSON(s.url+"/api/visits", &got); err != nil {
		t.Fatal(err)
	}
	if !mapsEqual(got, steps[len(steps)-1].want) {
		t.Fatalf("GET /api/visits = %v, want %v", got, steps[len(steps)-1].want)
	}
}

// getJSON decodes the 200 answer of a GET of url into v.
func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// mapsEqual reports whether got has every count of want.
func mapsEqual(got, want map[string]int64) bool {
	for k, v := range want {
		if n, ok := got[k]; !ok || n != v {
			return false
		}
	}
	return true
}

func TestTablesUsage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"tables"}, "want the subcommand create"},
		{[]string{"tables", "drop"}, "want the subcommand create"},
		{[]string{"tables", "create"}, `not "sqlite"`},
		{[]string{"tables", "create", "--store", "dynamodb", "extra"}, `unexpected argument "extra"`},
		{[]string{"tables", "create", "--store", "dynamodb", "--dynamodb-endpoint", "127.0.0.1:8000"}, "want a URL"},
	}
	for _, c := range cases {
		_, _, err := cli(t, nil, c.args...)
		if exitCode(&bytes.Buffer{}, err) != 2 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want exit 2 with %q", c.args, err, c.want)
		}
	}
	if _, stderr, err := cli(t, nil, "help", "tables"); err != nil || !strings.Contains(stderr, "--table-prefix") {
		t.Fatalf("help tables: %v\n%s", err, stderr)
	}
}

// Serving on tables that were never created fails at the first write with
// the server's error, not silently.
func TestServeDynamoDBWithoutTables(t *testing.T) {
	endpoint := awstest.Dynalite(t)
	s := startServe(t, "--store", "dynamodb", "--dynamodb-endpoint", endpoint, "--table-prefix", awstest.Prefix(t), "--rate-limit", "0")
	_, err := hit(http.DefaultClient, s.url, "198.51.100.1", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
	if err == nil || !strings.Contains(err.Error(), "status 500") {
		t.Fatalf("hit without tables = %v, want status 500", err)
	}
	if !strings.Contains(s.stderr.String(), "ResourceNotFoundException") {
		t.Fatalf("the log does not name the cause:\n%s", s.stderr)
	}
}

// Without credentials, tables create says what to set, at once; against
// an endpoint that accepts connections and never answers, it gives up
// within seconds rather than hanging.
func TestTablesCreateFailsFast(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, k := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "credentials"))
	_, stderr, err := cli(t, nil, "tables", "create", "--store", "dynamodb", "--region", "eu-west-1")
	if exitCode(io.Discard, err) != 2 || !strings.Contains(stderr, "no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY") {
		t.Errorf("without credentials: %v\n%s", err, stderr)
	}
	_, stderr, err = cli(t, nil, "tables", "create", "--store", "dynamodb")
	if exitCode(io.Discard, err) != 2 || !strings.Contains(stderr, "no AWS region: set --region (CLOUDRESUME_REGION) or AWS_REGION") {
		t.Errorf("without a region: %v\n%s", err, stderr)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered
		}
	}()
	done := make(chan error, 1)
	go func() {
		_, _, err := cli(t, map[string]string{"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"},
			"tables", "create", "--store", "dynamodb", "--region", "eu-west-1", "--dynamodb-endpoint", "http://"+ln.Addr().String())
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "CreateTable") {
			t.Errorf("against a silent endpoint: %v", err)
		}
	case <-time.After(60 * time.Second): // a bound no loaded machine nears: the command's own is seconds
		t.Fatal("tables create still waits on a silent endpoint after a minute")
	}
}
