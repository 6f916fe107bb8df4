package resume

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/image/webp"
)

// MaxPhotoSize is the largest photo file a resume may name: 2 MB, plenty
// for a portrait, and a bound on what build copies and serve sends.
const MaxPhotoSize = 2 << 20

// Photo is the local image file that basics.image names.
type Photo struct {
	Name   string // slash-separated, relative to the resume's directory: "img/me.jpg"
	Path   string // the file on disk
	Type   string // "image/png", "image/jpeg" or "image/webp", from the bytes
	Size   int64
	Width  int
	Height int
}

// Photo returns the local image that basics.image names, looked up in dir
// (the resume file's directory). It returns nil and no error when there
// is no image or it is a URL. A file that is missing, outside dir, over
// MaxPhotoSize or not a PNG, JPEG or WebP image (by its bytes, whatever
// its name) returns *Invalid, naming basics.image and its line.
func (r *Resume) Photo(dir string) (*Photo, error) {
	ref := strings.TrimSpace(r.Basics.Image)
	if ref == "" || isWebURL(ref) {
		return nil, nil
	}
	ph, msg := localPhoto(dir, ref)
	if msg != "" {
		return nil, &Invalid{Problems: []Problem{{File: r.name, Line: lineOf(r.lines, "basics.image"), Field: "basics.image", Msg: msg}}}
	}
	return ph, nil
}

// localPhoto checks the file ref names under dir; it returns why it is not
// a usable photo, or "". ref is a URL path, so "my%20photo.jpg" names
// "my photo.jpg", and a leading "/" is the site's root: dir.
func localPhoto(dir, ref string) (*Photo, string) {
	u, err := url.Parse(ref)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return nil, fmt.Sprintf("%q is not an http(s) URL or a path", ref)
	}
	name := path.Clean(strings.TrimLeft(u.Path, "/"))
	if !fs.ValidPath(name) || name == "." {
		return nil, fmt.Sprintf("%q is outside the resume's directory", ref)
	}
	// os.Root refuses paths, symbolic links included, that lead out of dir.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Sprintf("cannot look for %q: %v", ref, err)
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(name))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Sprintf("%q does not exist in %s", ref, dir)
	case err != nil:
		return nil, fmt.Sprintf("cannot open %q: %v", ref, unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Sprintf("cannot read %q: %v", ref, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Sprintf("%q is not a file", ref)
	}
	if st.Size() > MaxPhotoSize {
		return nil, fmt.Sprintf("%q is %.1f MB; a photo may be at most 2 MB", ref, float64(st.Size())/(1<<20))
	}
	br := bufio.NewReader(f)
	head, err := br.Peek(12)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Sprintf("cannot read %q: %v", ref, err)
	}
	typ, decode := imageType(head)
	if typ == "" {
		return nil, fmt.Sprintf("%q is not a PNG, JPEG or WebP image", ref)
	}
	cfg, err := decode(br)
	if err == nil && (cfg.Width <= 0 || cfg.Height <= 0) {
		err = errors.New("it has no pixels")
	}
	if err != nil {
		return nil, fmt.Sprintf("%q is a damaged %s image: %v", ref, strings.TrimPrefix(typ, "image/"), err)
	}
	return &Photo{Name: name, Path: filepath.Join(dir, filepath.FromSlash(name)), Type: typ, Size: st.Size(),
		Width: cfg.Width, Height: cfg.Height}, ""
}

// imageType returns the type of the image that starts with head, by its
// signature, and the function that reads its header; "" when it is none
// of PNG, JPEG and WebP.
func imageType(head []byte) (string, func(io.Reader) (image.Config, error)) {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", png.DecodeConfig
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "image/jpeg", jpeg.DecodeConfig
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return "image/webp", webp.DecodeConfig
	}
	return "", nil
}

// unwrapPath drops the operation and path of an *fs.PathError, which name
// the file the message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Published is a local photo as the site serves it, under a name made
// from its content: a new photo is a new URL, so browsers and CDNs may
// keep one for good.
type Published struct {
	URL  string // "/photo/3f2a9c1b7d4e5f60.jpg"
	Type string
	Data []byte
}

// PhotoDir is the directory of the site that a published photo is in.
const PhotoDir = "photo"

// Publish reads the photo for the site. The file is read again, within
// MaxPhotoSize, and must still be the image Photo checked.
func (p *Photo) Publish() (*Published, error) {
	f, err := os.Open(p.Path)
	if err != nil {
		return nil, fmt.Errorf("photo: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxPhotoSize+1))
	if err != nil {
		return nil, fmt.Errorf("photo %s: %w", p.Name, err)
	}
	if len(data) > MaxPhotoSize {
		return nil, fmt.Errorf("photo %s: larger than 2 MB", p.Name)
	}
	if typ, _ := imageType(data); typ != p.Type {
		return nil, fmt.Errorf("photo %s: changed since it was checked", p.Name)
	}
	sum := sha256.Sum256(data)
	ext := map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}[p.Type]
	return &Published{URL: "/" + PhotoDir + "/" + hex.EncodeToString(sum[:8]) + ext, Type: p.Type, Data: data}, nil
}

// PhotoOrigin returns the origin (https://host) of basics.image when it
// is an https URL, which a page's policy must allow images from; else "".
func (r *Resume) PhotoOrigin() string {
	u, err := url.Parse(strings.TrimSpace(r.Basics.Image))
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return ""
	}
	return "https://" + strings.ToLower(u.Host)
}
