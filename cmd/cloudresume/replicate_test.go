package main

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

// ack is one acknowledged hit: when its answer came and the views it
// answered, which count it.
type ack struct {
	at    time.Time
	views int64
}

// The machine is lost: hits, then kill -9, then the database is deleted,
// then serve starts again with --restore-if-missing. Every hit
// acknowledged more than the sync interval before the kill is back. The
// test logs how long before the kill the first lost hit was answered:
// the replication lag seen.
func TestReplicateSurvivesKillAndDeletedDatabase(t *testing.T) {
	endpoint := awstest.S3rver(t)
	client := s3.NewFromConfig(awstest.Config(endpoint), func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("backups")}); err != nil {
		t.Fatal(err)
	}
	bin := binary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "site.db")
	const interval = time.Second
	replicaURL := "s3://backups/site?endpoint=" + endpoint
	env := append(environWithout("AWS_CA_BUNDLE"), "AWS_ACCESS_KEY_ID=S3RVER", "AWS_SECRET_ACCESS_KEY=S3RVER", "AWS_REGION="+awstest.Region)
	args := []string{"serve", "--db", db, "--replicate", replicaURL, "--replicate-sync-interval", interval.String(),
		"--restore-if-missing", "--rate-limit", "0", "--trust-proxy"}

	url, proc, log := startProcess(t, bin, env, args...)
	var (
		mu   sync.Mutex
		acks []ack
		stop = make(chan struct{})
		wg   sync.WaitGroup
	)
	for c := range 4 {
		wg.Go(func() {
			hc := &http.Client{Timeout: 5 * time.Second}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				counts, err := hit(hc, url, fmt.Sprintf("203.0.113.%d", 1+(c*50+i)%200), "Mozilla/5.0 Firefox/130.0")
				if err != nil {
					return // killed: not acknowledged
				}
				mu.Lock()
				acks = append(acks, ack{at: time.Now(), views: counts["views"]})
				mu.Unlock()
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	time.Sleep(4 * interval)
	killed := time.Now()
	if err := proc.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown, no last upload
		t.Fatal(err)
	}
	<-proc.exited
	close(stop)
	wg.Wait()
	dropAbortedUploads(t, client, "backups")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(db + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}

	url, _, log2 := startProcess(t, bin, env, args...)
	if !strings.Contains(log2.String(), "restored the database from its replica") {
		t.Errorf("the second start did not say it restored:\n%s", log2)
	}
	var got map[string]int64
	if err := getJSON(url+"/api/visits", &got); err != nil {
		t.Fatal(err)
	}
	restored := got["views"]

	sort.Slice(acks, func(i, j int) bool { return acks[i].views < acks[j].views })
	var mustHave int64
	lag := time.Duration(0)
	for _, a := range acks {
		if killed.Sub(a.at) > interval && a.views > mustHave {
			mustHave = a.views
		}
		if a.views > restored && (lag == 0 || killed.Sub(a.at) > lag) {
			lag = killed.Sub(a.at) // the oldest hit that was lost
		}
	}
	if len(acks) < 100 || mustHave == 0 {
		t.Fatalf("only %d hits acknowledged, %d of them more than %s before the kill\n%s", len(acks), mustHave, interval, log)
	}
	lost := acks[len(acks)-1].views - restored
	t.Logf("replication lag: %d of %d acknowledged hits lost, the oldest of them answered %s before kill -9 (sync interval %s)",
		max(lost, 0), len(acks), lag.Round(time.Millisecond), interval)
	if restored < mustHave {
		t.Fatalf("restored %d views; %d were acknowledged more than %s before the kill\n%s", restored, mustHave, interval, log)
	}
}

// process is a program started by startProcess; exited is closed when it
// has exited.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

// startProcess runs the program with args on a free port until the test
// ends, waits until it is healthy and answers its URL.
func startProcess(t *testing.T, bin string, env []string, args ...string) (string, *process, *syncbuf.Buffer) {
	t.Helper()
	addr := freeAddr(t)
	log := &syncbuf.Buffer{}
	cmd := exec.Command(bin, append(args, "--addr", addr)...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		done <- cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.exited
	})
	waitHealthy(t, "http://"+addr, done, log)
	return "http://" + addr, p, log
}

func TestReplicateFlags(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--restore-if-missing"}, "needs --replicate"},
		{[]string{"--replicate", "s3://b/p", "--store", "dynamodb"}, "--store dynamodb has none"},
		{[]string{"--replicate", "ftp://b/p"}, "want s3://"},
		{[]string{"--replicate", "s3://b/p", "--replicate-sync-interval", "0s"}, "want a positive duration"},
	} {
		_, _, err := cli(t, nil, append([]string{"serve", "--addr", freeAddr(t), "--db", filepath.Join(dir, "x.db")}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("serve %v = %v, want %q", c.args, err, c.want)
		}
		if c.want != "want s3://" && exitCode(&bytes.Buffer{}, err) != 2 {
			t.Errorf("serve %v: exit %d, want 2", c.args, exitCode(&bytes.Buffer{}, err))
		}
	}
}

// environWithout answers the environment less the variables named.
func environWithout(names ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(names, name) {
			out = append(out, kv)
		}
	}
	return out
}

// dropAbortedUploads deletes the empty objects an upload cut off by the
// kill left in s3rver, which writes an object as its body arrives (S3
// keeps nothing of a request that does not complete). s3rver finishes an
// aborted request in its own time, so the bucket is first listed until
// it stops changing.
func dropAbortedUploads(t *testing.T, client *s3.Client, bucket string) {
	t.Helper()
	ctx := context.Background()
	list := func() map[string]int64 {
		objs := map[string]int64{}
		p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page.Contents {
				objs[aws.ToString(o.Key)] = aws.ToInt64(o.Size)
			}
		}
		return objs
	}
	objs := list()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(300 * time.Millisecond)
		again := list()
		if maps.Equal(objs, again) {
			break
		}
		objs = again
	}
	for key, size := range objs {
		if size == 0 {
			t.Logf("an upload cut off by the kill: %s, deleted", key)
			if _, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
				t.Fatal(err)
			}
		}
	}
}
