package app

import (
	"fmt"
	"path/filepath"

	"github.com/cloudresume/cloudresume/internal/resume"
	"github.com/cloudresume/cloudresume/internal/resume/theme"
)

// LoadTheme returns the theme of the site of r: the one cfg.Theme names,
// else the built-in one meta.theme names, else the default. A theme
// directory is checked against r at once, every template rendered, so
// that an error in it stops the program with its file and line before
// any visitor meets it.
func LoadTheme(cfg *Config, r *resume.Resume) (*theme.Theme, error) {
	t, err := resume.ChooseTheme(cfg.Theme, r)
	if err != nil {
		return nil, &Error{Problems: []string{fmt.Sprintf("--theme (%s): %v", EnvName("theme"), err)}}
	}
	if t.Dir != "" {
		if err := resume.NewSite(r, t).Check(); err != nil {
			return nil, &Error{Problems: []string{err.Error()}} // "mytheme/page.html:12: ..."
		}
	}
	return t, nil
}

// LoadPhoto returns the local photo basics.image names, relative to the
// resume file, published; nil when there is none or it is a URL. The
// built-in example has none.
func LoadPhoto(cfg *Config, r *resume.Resume) (*resume.Published, error) {
	if cfg.ResumePath == "" {
		return nil, nil
	}
	ph, err := r.Photo(filepath.Dir(cfg.ResumePath))
	if err := invalid(err); err != nil {
		return nil, err
	}
	if err != nil || ph == nil {
		return nil, err
	}
	pub, err := ph.Publish()
	if err != nil {
		return nil, &Error{Problems: []string{fmt.Sprintf("%s: basics.image: %v", cfg.ResumePath, err)}}
	}
	return pub, nil
}

// LoadSite loads the resume of cfg and its theme.
func LoadSite(cfg *Config) (*resume.Resume, *theme.Theme, error) {
	r, err := LoadResume(cfg.ResumePath)
	if err != nil {
		return nil, nil, err
	}
	th, err := LoadTheme(cfg, r)
	if err != nil {
		return nil, nil, err
	}
	return r, th, nil
}
