//! A transcript's Markdown as the export check reads it
//! ([`classroom_core::fuzzing::MdBlock`]), parsed with pulldown-cmark.
//! Shared by the fuzz target `export` (`fuzz/fuzz_targets/export.rs`) and
//! the regression tests (`core/tests/fuzz_regressions.rs`), which include
//! this file by path: the core library does not depend on a Markdown
//! parser, its tests and the fuzz crate do.

use classroom_core::fuzzing::MdBlock;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A block that collects the text a reader sees until it ends.
enum Open {
    Heading(u8),
    Paragraph,
    Item(usize),
}

/// The blocks of `markdown`, in the order they end (see [`MdBlock`]).
pub fn outline(markdown: &str) -> Vec<MdBlock> {
    let mut blocks = Vec::new();
    let mut open: Vec<(Open, String)> = Vec::new();
    let mut lists = 0usize;
    let markup = |blocks: &mut Vec<MdBlock>, kind: &str| blocks.push(MdBlock::Markup(kind.to_owned()));
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open.push((Open::Heading(level as u8), String::new()))
            }
            // A loose list's item text goes to the item.
            Event::Start(Tag::Paragraph) if lists == 0 => open.push((Open::Paragraph, String::new())),
            Event::Start(Tag::Item) => open.push((Open::Item(lists.saturating_sub(1)), String::new())),
            Event::Start(Tag::List(_)) => {
                blocks.push(MdBlock::List(lists));
                lists += 1;
            }
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Event::End(end @ (TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item)) => {
                let closes = matches!(
                    (&end, open.last()),
                    (TagEnd::Heading(_), Some((Open::Heading(_), _)))
                        | (TagEnd::Paragraph, Some((Open::Paragraph, _)))
                        | (TagEnd::Item, Some((Open::Item(_), _)))
                );
                if !closes {
                    continue;
                }
                let Some((kind, text)) = open.pop() else { continue };
                blocks.push(match kind {
                    Open::Heading(level) => MdBlock::Heading(level, text),
                    Open::Paragraph => MdBlock::Paragraph(text),
                    Open::Item(depth) => MdBlock::Item(depth, text),
                });
            }
            Event::Text(text) => {
                if let Some((_, shown)) = open.last_mut() {
                    shown.push_str(&text);
                }
            }
            Event::Code(text) => {
                markup(&mut blocks, "Code");
                if let Some((_, shown)) = open.last_mut() {
                    shown.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, shown)) = open.last_mut() {
                    shown.push('\n');
                }
            }
            Event::Start(Tag::Strong | Tag::Paragraph) | Event::End(_) => {}
            Event::Start(tag) => markup(&mut blocks, &format!("{tag:?}")),
            other => markup(&mut blocks, &format!("{other:?}")),
        }
    }
    blocks
}
