; NSIS installer hooks for Classroom (bundle.windows.nsis.installerHooks in
; tauri.conf.json). Tauri's installer.nsi inserts these macros: POSTINSTALL
; after the files, registry keys and shortcuts are in place, PREUNINSTALL
; before anything is removed.
;
; A hosted class listens on TCP 4455 (or any free port) and answers mDNS on
; UDP 5353, so Windows Defender Firewall would ask an administrator the first
; time a class starts. The installer runs elevated (installMode "perMachine")
; and adds one inbound rule for the app itself, on private networks only; the
; uninstaller removes it. The rule follows the program, not a port, so a
; class on another port is covered too. Public networks still ask, on purpose.
;
; The rule is deleted before it is added so a reinstall or an update leaves
; exactly one. nsExec keeps netsh's console window hidden; its output goes to
; the installer's details log, and a failure (no firewall service, a policy
; that forbids local rules) leaves the install itself alone: the app then
; works as before, with Windows' prompt on first use.

!define CLASSROOM_FIREWALL_RULE "Classroom (class hosting, private networks)"

!macro NSIS_HOOK_POSTINSTALL
  DetailPrint "Allowing Classroom through Windows Defender Firewall on private networks"
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="${CLASSROOM_FIREWALL_RULE}"'
  Pop $0
  nsExec::ExecToLog 'netsh advfirewall firewall add rule name="${CLASSROOM_FIREWALL_RULE}" dir=in action=allow program="$INSTDIR\${MAINBINARYNAME}.exe" enable=yes profile=private description="Students on the classroom network reach a class hosted by Classroom (WebSocket) and find it (mDNS)."'
  Pop $0
  ${If} $0 != 0
    DetailPrint "netsh could not add the firewall rule (exit code $0); Windows will ask the first time a class is hosted"
  ${EndIf}
!macroend

!macro NSIS_HOOK_PREUNINSTALL
  DetailPrint "Removing the Classroom firewall rule"
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="${CLASSROOM_FIREWALL_RULE}" program="$INSTDIR\${MAINBINARYNAME}.exe"'
  Pop $0
!macroend
