// Command shots takes screenshots of built pages in headless Chromium, for
// looking at the theme by eye: at a width, in the light or dark scheme,
// in print media, optionally scrolled to an element.
//
//	go run ./.ci/shots -w 375 -dark -sel '#_matrix' -o /tmp/home.png file:///tmp/site/index.html
//
// It is a developer's tool, not a test: the tests assert what a reader
// gets; this shows it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func main() {
	width := flag.Int64("w", 1280, "viewport width in CSS pixels")
	height := flag.Int64("h", 900, "viewport height")
	dark := flag.Bool("dark", false, "prefers-color-scheme: dark")
	print := flag.Bool("print", false, "print media")
	full := flag.Bool("full", false, "the whole page, not the viewport")
	sel := flag.String("sel", "", "scroll this CSS selector to the top first")
	click := flag.String("click", "", "click this CSS selector first")
	focus := flag.String("focus", "", "focus this CSS selector first")
	out := flag.String("o", "shot.png", "output PNG")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: shots [flags] URL")
		os.Exit(2)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("hide-scrollbars", true))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()

	scheme := "light"
	if *dark {
		scheme = "dark"
	}
	media := ""
	if *print {
		media = "print"
	}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(*width, *height),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media,
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			return err
		}),
		chromedp.Navigate(flag.Arg(0)),
		chromedp.Sleep(300 * time.Millisecond),
	}
	if *sel != "" {
		steps = append(steps, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector(%q).scrollIntoView(), true)`, *sel)))
			return err
		}))
	}
	if *focus != "" {
		steps = append(steps, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector(%q).focus(), true)`, *focus)))
			return err
		}))
	}
	if *click != "" {
		steps = append(steps, chromedp.Click(chromedp.CSS(*click), chromedp.NodeVisible))
	}
	steps = append(steps, chromedp.Sleep(300*time.Millisecond))
	if err := chromedp.Do(ctx, steps...); err != nil {
		fmt.Fprintln(os.Stderr, "shots:", err)
		os.Exit(1)
	}
	shot := chromedp.CaptureScreenshot()
	if *full {
		shot = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		fmt.Fprintln(os.Stderr, "shots:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, png, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "shots:", err)
		os.Exit(1)
	}
}
