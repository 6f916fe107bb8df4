// Package image builds the container image of the program without a
// container engine: an OCI image index of one image per architecture,
// each a static binary on a minimal root (CA certificates, time zone
// data, a non-root user, /data), written as a tarball that both
// `docker load` and `podman load` accept.
package image

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The image's fixed shape.
const (
	BinaryPath = "/cloudresume"
	DataDir    = "/data"
	Port       = "8080/tcp"
	UID        = 65532 // the conventional "nonroot" of distroless images
	User       = "65532:65532"
	zoneinfo   = "/usr/share/zoneinfo.zip"
	caBundle   = "/etc/ssl/certs/ca-certificates.crt"
)

// Entrypoint is what the container runs.
var Entrypoint = []string{BinaryPath, "serve", "--addr", ":8080", "--db", DataDir + "/cloudresume.db"}

// Options say what goes in the image.
type Options struct {
	// Binaries maps each GOARCH to its static linux binary; one image per
	// entry.
	Binaries map[string]string
	CACerts  string // a PEM bundle of CA certificates
	ZoneInfo string // the time zone database as Go reads it (zoneinfo.zip)
	Version  string
	Source   string    // URL of the source repository
	Licenses string    // SPDX expression
	Created  time.Time // the time stamp of every file and of the image; fixed, so builds repeat
}

// Labels answers the OCI labels of the image.
func (o Options) Labels() map[string]string {
	return map[string]string{
		"org.opencontainers.image.title":    "cloudresume",
		"org.opencontainers.image.source":   o.Source,
		"org.opencontainers.image.version":  o.Version,
		"org.opencontainers.image.licenses": o.Licenses,
		"org.opencontainers.image.created":  o.Created.UTC().Format(time.RFC3339),
	}
}

// Build answers the image index of every architecture of o.Binaries.
func Build(o Options) (v1.ImageIndex, error) {
	base, err := baseLayer(o)
	if err != nil {
		return nil, err
	}
	archs := make([]string, 0, len(o.Binaries))
	for a := range o.Binaries {
		archs = append(archs, a)
	}
	sort.Strings(archs)
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, arch := range archs {
		img, err := archImage(o, arch, base)
		if err != nil {
			return nil, err
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{
			Add: img,
			Descriptor: v1.Descriptor{
				Platform:    &v1.Platform{OS: "linux", Architecture: arch},
				Annotations: o.Labels(),
			},
		})
	}
	return mutate.Annotations(idx, o.Labels()).(v1.ImageIndex), nil
}

// archImage answers the image of one architecture: the base layer and a
// layer with the binary.
func archImage(o Options, arch string, base v1.Layer) (v1.Image, error) {
	bin, err := os.ReadFile(o.Binaries[arch])
	if err != nil {
		return nil, fmt.Errorf("image for %s: %w", arch, err)
	}
	binLayer, err := layer([]entry{{name: BinaryPath, mode: 0o755, body: bin}}, o.Created)
	if err != nil {
		return nil, err
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err = mutate.AppendLayers(img, base, binLayer)
	if err != nil {
		return nil, fmt.Errorf("image for %s: %w", arch, err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("image for %s: %w", arch, err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", arch
	cf.Created = v1.Time{Time: o.Created.UTC()}
	cf.Config = v1.Config{
		User:         User,
		WorkingDir:   DataDir,
		Entrypoint:   Entrypoint,
		Env:          []string{"PATH=/", "ZONEINFO=" + zoneinfo, "SSL_CERT_FILE=" + caBundle},
		ExposedPorts: map[string]struct{}{Port: {}},
		Volumes:      map[string]struct{}{DataDir: {}},
		Labels:       o.Labels(),
	}
	cf.History = []v1.History{
		{Created: cf.Created, CreatedBy: "cloudresume image: CA certificates, time zone data, user nonroot, " + DataDir},
		{Created: cf.Created, CreatedBy: "cloudresume image: " + BinaryPath + " " + o.Version},
	}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		return nil, fmt.Errorf("image for %s: %w", arch, err)
	}
	return img, nil
}

// baseLayer answers the layer every architecture shares.
func baseLayer(o Options) (v1.Layer, error) {
	certs, err := os.ReadFile(o.CACerts)
	if err != nil {
		return nil, fmt.Errorf("CA certificates: %w", err)
	}
	zones, err := os.ReadFile(o.ZoneInfo)
	if err != nil {
		return nil, fmt.Errorf("time zone data: %w", err)
	}
	return layer([]entry{
		{name: "/etc/", mode: 0o755},
		{name: "/etc/passwd", mode: 0o644, body: []byte("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/data:/sbin/nologin\n")},
		{name: "/etc/group", mode: 0o644, body: []byte("root:x:0:\nnonroot:x:65532:\n")},
		{name: "/etc/ssl/", mode: 0o755},
		{name: "/etc/ssl/certs/", mode: 0o755},
		{name: caBundle, mode: 0o644, body: certs},
		{name: "/usr/", mode: 0o755},
		{name: "/usr/share/", mode: 0o755},
		{name: zoneinfo, mode: 0o644, body: zones},
		{name: "/tmp/", mode: 0o1777},
		{name: DataDir + "/", mode: 0o750, uid: UID},
	}, o.Created)
}

// entry is one file or directory (a name ending in /) of a layer.
type entry struct {
	name string
	mode int64
	uid  int
	body []byte
}

// layer answers a gzip-compressed OCI layer holding entries.
func layer(entries []entry, mtime time.Time) (v1.Layer, error) {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, e := range entries {
		h := &tar.Header{
			Name:    strings.TrimPrefix(e.name, "/"),
			Mode:    e.mode,
			Uid:     e.uid,
			Gid:     e.uid,
			ModTime: mtime.UTC(),
			Format:  tar.FormatPAX,
		}
		if strings.HasSuffix(e.name, "/") {
			h.Typeflag = tar.TypeDir
		} else {
			h.Typeflag, h.Size = tar.TypeReg, int64(len(e.body))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, fmt.Errorf("layer %s: %w", path.Clean(e.name), err)
		}
		if _, err := tw.Write(e.body); err != nil {
			return nil, fmt.Errorf("layer %s: %w", path.Clean(e.name), err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("layer: %w", err)
	}
	data := b.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}, tarball.WithMediaType(types.OCILayer))
}
