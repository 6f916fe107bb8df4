package image

import (
	"archive/tar"
	"archive/zip"
	"context"
	"debug/elf"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/syncbuf"
)

var machines = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}

// TestImage builds the image of both architectures from real static
// binaries, reads the tarball back both as docker load and as an OCI
// layout reads it, checks the config, unpacks the image of this machine's
// architecture and runs its binary in a chroot as the image's user: it
// serves /healthz and counts a hit into /data. It runs as root (CI does).
func TestImage(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("this test runs the image's binary with chroot, which needs root (run the tests as root, as CI does)")
	}
	root, err := awstest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bins := map[string]string{}
	for arch := range machines {
		bins[arch] = filepath.Join(dir, "cloudresume-"+arch)
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bins[arch], "./cmd/cloudresume")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build for %s: %v\n%s", arch, err, out)
		}
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	o := Options{
		Binaries: bins, CACerts: "/etc/ssl/certs/ca-certificates.crt",
		ZoneInfo: filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time", "zoneinfo.zip"),
		Version:  "1.2.3", Source: "https://github.com/cloudresume/cloudresume", Licenses: "NOASSERTION",
		Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	idx, err := Build(o)
	if err != nil {
		t.Fatal(err)
	}
	tarPath := filepath.Join(dir, "cloudresume.tar")
	if err := WriteTarball(tarPath, idx, "cloudresume:1.2.3", runtime.GOARCH); err != nil {
		t.Fatal(err)
	}

	// As the old docker load reads it: manifest.json, one tagged image.
	docker, err := tarball.ImageFromPath(tarPath, nil)
	if err != nil {
		t.Fatalf("read as docker save: %v", err)
	}
	checkConfig(t, docker, runtime.GOARCH, o)

	// As an OCI layout (podman load, Docker 25+): both architectures.
	layoutDir := filepath.Join(dir, "layout")
	untar(t, tarPath, layoutDir, false)
	top, err := layout.ImageIndexFromPath(layoutDir)
	if err != nil {
		t.Fatal(err)
	}
	tm, err := top.IndexManifest()
	if err != nil || len(tm.Manifests) != 1 || tm.Manifests[0].Annotations["io.containerd.image.name"] != "cloudresume:1.2.3" ||
		tm.Manifests[0].Annotations["org.opencontainers.image.ref.name"] != "1.2.3" {
		t.Fatalf("index.json = %+v, %v", tm, err)
	}
	inner, err := top.ImageIndex(tm.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	im, err := inner.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	var host v1.Image
	for _, d := range im.Manifests {
		arch := d.Platform.Architecture
		img, err := inner.Image(d.Digest)
		if err != nil {
			t.Fatal(err)
		}
		checkConfig(t, img, arch, o)
		rootfs := filepath.Join(dir, "rootfs-"+arch)
		extract(t, img, rootfs)
		f, err := elf.Open(filepath.Join(rootfs, "cloudresume"))
		if err != nil {
			t.Fatalf("%s: %v", arch, err)
		}
		if f.Machine != machines[arch] {
			t.Errorf("the %s image holds a binary for %s", arch, f.Machine)
		}
		if f.Section(".interp") != nil {
			t.Errorf("the %s binary is not static", arch)
		}
		f.Close()
		if arch == runtime.GOARCH {
			host = img
		}
	}
	if len(im.Manifests) != 2 || host == nil {
		t.Fatalf("index has %d images, want amd64 and arm64 with %s among them", len(im.Manifests), runtime.GOARCH)
	}
	runInChroot(t, filepath.Join(dir, "rootfs-"+runtime.GOARCH))
}

func checkConfig(t *testing.T, img v1.Image, arch string, o Options) {
	t.Helper()
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	if cf.OS != "linux" || cf.Architecture != arch {
		t.Errorf("%s: platform %s/%s", arch, cf.OS, cf.Architecture)
	}
	if c.User != "65532:65532" || c.WorkingDir != "/data" {
		t.Errorf("%s: user %q, working dir %q", arch, c.User, c.WorkingDir)
	}
	if want := []string{"/cloudresume", "serve", "--addr", ":8080", "--db", "/data/cloudresume.db"}; !slices.Equal(c.Entrypoint, want) {
		t.Errorf("%s: entrypoint %q, want %q", arch, c.Entrypoint, want)
	}
	if _, ok := c.ExposedPorts["8080/tcp"]; !ok || len(c.ExposedPorts) != 1 {
		t.Errorf("%s: exposed ports %v", arch, c.ExposedPorts)
	}
	if _, ok := c.Volumes["/data"]; !ok || len(c.Volumes) != 1 {
		t.Errorf("%s: volumes %v", arch, c.Volumes)
	}
	for k, v := range map[string]string{
		"org.opencontainers.image.source":   o.Source,
		"org.opencontainers.image.version":  o.Version,
		"org.opencontainers.image.licenses": o.Licenses,
	} {
		if c.Labels[k] != v || v == "" {
			t.Errorf("%s: label %s = %q, want %q", arch, k, c.Labels[k], v)
		}
	}
}

// extract unpacks the flattened file system of img into dir.
func extract(t *testing.T, img v1.Image, dir string) {
	t.Helper()
	rc := mutate.Extract(img)
	defer rc.Close()
	untarReader(t, rc, dir, true)
}

func untar(t *testing.T, path, dir string, owners bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	untarReader(t, f, dir, owners)
}

func untarReader(t *testing.T, r io.Reader, dir string, owners bool) {
	t.Helper()
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(p, filepath.Clean(dir)+string(os.PathSeparator)) {
			t.Fatalf("tar entry %q leaves the directory", h.Name)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		case tar.TypeReg:
			os.MkdirAll(filepath.Dir(p), 0o755)
			f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(f, tr); err != nil {
				t.Fatal(err)
			}
			f.Close()
		default:
			t.Fatalf("unexpected tar entry %q of type %c", h.Name, h.Typeflag)
		}
		if err := os.Chmod(p, os.FileMode(h.Mode)&os.ModePerm|modeBits(h.Mode)); err != nil {
			t.Fatal(err)
		}
		if owners {
			if err := os.Lchown(p, h.Uid, h.Gid); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func modeBits(m int64) os.FileMode {
	var out os.FileMode
	if m&0o1000 != 0 {
		out |= os.ModeSticky
	}
	return out
}

// runInChroot runs the image's binary from rootfs as the image's user, with
// the image's environment, and checks it serves and counts.
func runInChroot(t *testing.T, rootfs string) {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(rootfs, "usr/share/zoneinfo.zip"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(zr.File, func(f *zip.File) bool { return f.Name == "Europe/Paris" }) {
		t.Error("the time zone data lacks Europe/Paris")
	}
	zr.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "chroot", "--userspec=65532:65532", rootfs,
		"/cloudresume", "serve", "--addr", addr, "--db", "/data/cloudresume.db")
	cmd.Env = []string{"PATH=/", "ZONEINFO=/usr/share/zoneinfo.zip", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"}
	var log syncbuf.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	url := "http://" + addr
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the chrooted binary never answered /healthz: %v\n%s", err, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	req, err := http.NewRequest("POST", url+"/api/visits", strings.NewReader(`{"path":"/"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0") // a browser, not a bot
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var counts map[string]int64
	err = json.NewDecoder(resp.Body).Decode(&counts)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || counts["views"] != 1 {
		t.Fatalf("POST /api/visits = %d %v, %v\n%s", resp.StatusCode, counts, err, log.String())
	}
	fi, err := os.Stat(filepath.Join(rootfs, "data", "cloudresume.db"))
	if err != nil {
		t.Fatalf("no database in /data: %v\n%s", err, log.String())
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != UID {
		t.Errorf("the database belongs to uid %d, want the image's user %d", st.Uid, UID)
	}
}
