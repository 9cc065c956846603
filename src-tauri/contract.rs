//! The command contract between the window and the shell, read from the one
//! place the commands are defined: the `#[tauri::command]` functions of
//! `src/commands.rs`. From their names, documentation, argument names and
//! types come
//! - the command list `build.rs` gives Tauri (each command then needs its
//!   `allow-…` permission) and the handler `lib.rs` registers,
//! - the permissions the main window's capability must grant, and
//! - the typed TypeScript table the UI calls them through
//!   (`ui/src/api/generated/commands.ts`).
//!
//! `build.rs` and `tests/contract.rs` include this file; it uses nothing but
//! `syn`, so the build script can run it before the crate exists.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use syn::{Attribute, Expr, FnArg, GenericArgument, Item, Lit, Meta, Pat, PathArguments, ReturnType, Type};

/// Argument types Tauri fills in itself: never sent by the UI.
const INJECTED: &[&str] = &["State", "WebviewWindow", "Window", "Webview", "AppHandle"];

/// One command, as the UI sees it.
#[derive(Clone)]
pub struct Command {
    /// The Rust function's (and the command's) name, e.g. `host_class`.
    pub name: String,
    /// Its `///` documentation, line by line.
    pub doc: Vec<String>,
    /// Arguments the UI sends: the key Tauri reads (camelCase) and its type.
    pub args: Vec<(String, Type)>,
    /// What it resolves with (the `Ok` type of a `Result`).
    pub result: Option<Type>,
}

/// The commands defined in `source` (the text of `src/commands.rs`), in order.
///
/// # Errors
/// When the file does not parse, or a command fails in a way the UI cannot
/// read (an error type other than `AppError`).
pub fn parse(source: &str) -> Result<Vec<Command>, String> {
    let file = syn::parse_file(source).map_err(|err| format!("src/commands.rs does not parse: {err}"))?;
    let mut commands = Vec::new();
    for item in file.items {
        let Item::Fn(function) = item else { continue };
        if !function.attrs.iter().any(is_command) {
            continue;
        }
        let name = function.sig.ident.to_string();
        let mut args = Vec::new();
        for input in &function.sig.inputs {
            let FnArg::Typed(arg) = input else {
                return Err(format!("command `{name}` takes self"));
            };
            if INJECTED.contains(&last_ident(&arg.ty).as_str()) {
                continue;
            }
            let Pat::Ident(ident) = arg.pat.as_ref() else {
                return Err(format!("command `{name}` has an argument that is not a plain name"));
            };
            args.push((camel_case(&ident.ident.to_string()), (*arg.ty).clone()));
        }
        let result = match &function.sig.output {
            ReturnType::Default => None,
            ReturnType::Type(_, ty) => ok_type(&name, ty)?,
        };
        commands.push(Command { name, doc: doc_lines(&function.attrs), args, result });
    }
    if commands.is_empty() {
        return Err("src/commands.rs defines no #[tauri::command]".to_owned());
    }
    Ok(commands)
}

/// The permission each command needs, as `tauri-build` names it.
pub fn permission(command: &Command) -> String {
    format!("allow-{}", command.name.replace('_', "-"))
}

/// Permissions of the main window that are not the app's commands.
pub const PLUGIN_PERMISSIONS: &[&str] = &["core:event:default", "notification:default"];

/// Everything the main window's capability must grant, in order: the
/// plugins' permissions, then one per command.
pub fn capability_permissions(commands: &[Command]) -> Vec<String> {
    PLUGIN_PERMISSIONS.iter().map(|p| (*p).to_owned()).chain(commands.iter().map(permission)).collect()
}

/// The TypeScript table of the commands (`ui/src/api/generated/commands.ts`).
///
/// # Errors
/// When an argument or result has a type with no TypeScript form here.
pub fn typescript(commands: &[Command]) -> Result<String, String> {
    let mut imports = BTreeSet::new();
    let mut body = String::new();
    for command in commands {
        let _ = writeln!(body, "{}", js_doc(&command.doc, "  "));
        let args = if command.args.is_empty() {
            "null".to_owned()
        } else {
            let fields: Result<Vec<String>, String> = command
                .args
                .iter()
                .map(|(key, ty)| Ok(format!("{key}: {}", ts_type(ty, &mut imports)?)))
                .collect();
            format!(
                "{{ {} }}",
                fields.map_err(|err| format!("command `{}`: {err}", command.name))?.join("; ")
            )
        };
        let result = match &command.result {
            None => "null".to_owned(),
            Some(ty) => {
                ts_type(ty, &mut imports).map_err(|err| format!("command `{}`: {err}", command.name))?
            }
        };
        let _ = writeln!(body, "  {}: {{ args: {args}; result: {result} }};", command.name);
    }
    let mut out = String::from(
        "// Generated from the #[tauri::command] functions of src-tauri/src/commands.rs\n\
         // by src-tauri/tests/contract.rs. Do not edit.\n\
         // Regenerate: UPDATE_TS=1 cargo test -p classroom-app --test contract\n\n",
    );
    if imports.remove("Channel") {
        out.push_str("import type { Channel } from \"@tauri-apps/api/core\";\n");
    }
    if !imports.is_empty() {
        let names: Vec<&str> = imports.iter().map(String::as_str).collect();
        let _ = writeln!(out, "import type {{ {} }} from \"./protocol\";", names.join(", "));
    }
    out.push_str(
        "\n/**\n * Every command of the desktop shell: the arguments the UI sends (by the name\n \
         * Tauri reads; `null`: none) and what it resolves with. Each fails with an\n \
         * `AppErrorPayload`.\n */\nexport interface Commands {\n",
    );
    out.push_str(&body);
    out.push_str("}\n\n/** The command names, in the order the shell defines them. */\nexport const COMMAND_NAMES = [\n");
    for command in commands {
        let _ = writeln!(out, "  \"{}\",", command.name);
    }
    out.push_str("] as const satisfies readonly (keyof Commands)[];\n");
    Ok(out)
}

fn is_command(attr: &Attribute) -> bool {
    let segments: Vec<String> = attr.path().segments.iter().map(|s| s.ident.to_string()).collect();
    segments == ["tauri", "command"] || segments == ["command"]
}

fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                Expr::Lit(lit) => match &lit.lit {
                    Lit::Str(text) => Some(text.value().trim().to_owned()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn js_doc(lines: &[String], indent: &str) -> String {
    let lines: Vec<String> = lines.iter().map(|l| l.replace("*/", "*\\/")).collect();
    match lines.as_slice() {
        [] => format!("{indent}/** (undocumented) */"),
        [one] => format!("{indent}/** {one} */"),
        many => {
            let mut out = format!("{indent}/**\n");
            for line in many {
                let _ = writeln!(out, "{indent} *{}{line}", if line.is_empty() { "" } else { " " });
            }
            out.push_str(indent);
            out.push_str(" */");
            out
        }
    }
}

/// The `Ok` type of a command's result; its error must be `AppError`, the
/// one shape (`{kind, message}`) the UI reads.
fn ok_type(name: &str, ty: &Type) -> Result<Option<Type>, String> {
    if last_ident(ty) != "Result" {
        return Ok(Some(ty.clone()));
    }
    let args = type_args(ty);
    match args.as_slice() {
        [ok, error] if last_ident(error) == "AppError" => Ok(Some(ok.clone())),
        _ => Err(format!("command `{name}` must fail with AppError (the UI reads {{kind, message}})")),
    }
}

fn last_ident(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        Type::Reference(reference) => last_ident(&reference.elem),
        _ => String::new(),
    }
}

fn type_args(ty: &Type) -> Vec<Type> {
    let Type::Path(path) = ty else { return Vec::new() };
    let Some(PathArguments::AngleBracketed(args)) = path.path.segments.last().map(|s| &s.arguments) else {
        return Vec::new();
    };
    args.args
        .iter()
        .filter_map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty.clone()),
            _ => None,
        })
        .collect()
}

/// A Rust type as TypeScript; named types come from the generated protocol.
fn ts_type(ty: &Type, imports: &mut BTreeSet<String>) -> Result<String, String> {
    if let Type::Tuple(tuple) = ty {
        if tuple.elems.is_empty() {
            return Ok("null".to_owned());
        }
    }
    if let Type::Reference(reference) = ty {
        return ts_type(&reference.elem, imports);
    }
    let name = last_ident(ty);
    let args = type_args(ty);
    let one = |imports: &mut BTreeSet<String>| match args.as_slice() {
        [inner] => ts_type(inner, imports),
        _ => Err(format!("`{name}` needs one type argument")),
    };
    Ok(match name.as_str() {
        "" => return Err("a type with no TypeScript form".to_owned()),
        "String" | "str" | "PathBuf" => "string".to_owned(),
        "bool" => "boolean".to_owned(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f32" | "f64" => {
            "number".to_owned()
        }
        "Option" => format!("{} | null", one(imports)?),
        "Vec" => {
            let inner = one(imports)?;
            if inner.contains(' ') {
                format!("({inner})[]")
            } else {
                format!("{inner}[]")
            }
        }
        "Channel" => {
            imports.insert("Channel".to_owned());
            format!("Channel<{}>", one(imports)?)
        }
        named if args.is_empty() => {
            imports.insert(named.to_owned());
            named.to_owned()
        }
        other => return Err(format!("`{other}<…>` has no TypeScript form here")),
    })
}

/// `export_class` → `exportClass`: the key Tauri reads an argument from.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
