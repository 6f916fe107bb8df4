// Command mkimage writes the container image of cloudresume, for linux
// on every architecture given, as one tarball that `docker load` and
// `podman load` accept; no container engine is needed. `make image` runs
// it.
//
//	mkimage -o dist/image/cloudresume.tar -bin amd64=dist/linux-amd64/cloudresume -bin arm64=... -version 1.2.3
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/cloudresume/cloudresume/internal/image"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mkimage:", err)
		os.Exit(1)
	}
}

// binFlag collects -bin ARCH=PATH.
type binFlag map[string]string

func (b binFlag) String() string { return fmt.Sprint(map[string]string(b)) }

func (b binFlag) Set(s string) error {
	arch, path, ok := strings.Cut(s, "=")
	if !ok || arch == "" || path == "" {
		return errors.New("want ARCH=PATH, such as amd64=dist/linux-amd64/cloudresume")
	}
	b[arch] = path
	return nil
}

func run(args []string, getenv func(string) string, stdout io.Writer) error {
	o := image.Options{Binaries: binFlag{}}
	var out, ref, dockerArch string
	fs := flag.NewFlagSet("mkimage", flag.ContinueOnError)
	fs.StringVar(&out, "o", "cloudresume.tar", "tarball to write")
	fs.Var(binFlag(o.Binaries), "bin", "ARCH=PATH of a static linux binary; repeat for each architecture")
	fs.StringVar(&o.CACerts, "ca-certs", "/etc/ssl/certs/ca-certificates.crt", "PEM bundle of CA certificates")
	fs.StringVar(&o.ZoneInfo, "zoneinfo", "", "time zone database: Go's $(go env GOROOT)/lib/time/zoneinfo.zip")
	fs.StringVar(&o.Version, "version", "dev", "version, in the label and the tag")
	fs.StringVar(&o.Source, "source", "https://github.com/cloudresume/cloudresume", "source repository URL, in the label")
	fs.StringVar(&o.Licenses, "licenses", "NOASSERTION", "SPDX license expression, in the label")
	fs.StringVar(&ref, "ref", "", "image name in the tarball (default cloudresume:VERSION)")
	fs.StringVar(&dockerArch, "docker-arch", runtime.GOARCH, "architecture of the image an older docker load takes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(o.Binaries) == 0 {
		return errors.New("give at least one -bin ARCH=PATH")
	}
	if ref == "" {
		ref = "cloudresume:" + o.Version
	}
	if _, ok := o.Binaries[dockerArch]; !ok {
		for a := range o.Binaries {
			dockerArch = a
			break
		}
	}
	// SOURCE_DATE_EPOCH, as reproducible builds set it; else the epoch.
	o.Created = time.Unix(0, 0).UTC()
	if s := getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("SOURCE_DATE_EPOCH=%q: %w", s, err)
		}
		o.Created = time.Unix(n, 0).UTC()
	}
	idx, err := image.Build(o)
	if err != nil {
		return err
	}
	if err := image.WriteTarball(out, idx, ref, dockerArch); err != nil {
		return err
	}
	return printSizes(stdout, out, idx)
}

// printSizes writes the size of the tarball and of each architecture's
// image, compressed as it is pushed and pulled.
func printSizes(w io.Writer, path string, idx v1.ImageIndex) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return err
	}
	lines := []string{}
	for _, d := range im.Manifests {
		img, err := idx.Image(d.Digest)
		if err != nil {
			return err
		}
		layers, err := img.Layers()
		if err != nil {
			return err
		}
		var size int64
		for _, l := range layers {
			n, err := l.Size()
			if err != nil {
				return err
			}
			size += n
		}
		lines = append(lines, fmt.Sprintf("  linux/%s: %s compressed (%s)", d.Platform.Architecture, mib(size), d.Digest))
	}
	sort.Strings(lines)
	fmt.Fprintf(w, "wrote %s (%s)\n%s\n", path, mib(fi.Size()), strings.Join(lines, "\n"))
	return nil
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
