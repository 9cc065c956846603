fn main() {
    // Every app command is listed so that each one needs an explicit
    // permission in capabilities/ (nothing is reachable by default).
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "startup",
            "last_join",
            "host_class",
            "retry_advertising",
            "browse_classes",
            "stop_browsing",
            "recent_classes",
            "join_class",
            "send_message",
            "set_typing",
            "remove_student",
            "end_class",
            "leave_class",
            "load_earlier",
            "past_classes",
            "start_fresh",
            "delete_class",
            "set_retention",
            "export_class",
        ]),
    ))
    .expect("tauri build script");
}
