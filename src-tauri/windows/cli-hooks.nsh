; Ships the console CLI next to the app: $INSTDIR\vectis-setup-cli.exe (per-user or
; per-machine, as the installer runs). The .exe is built by beforeBuildCommand into
; target\release; this script is compiled from target\release\nsis\x64\.
!macro NSIS_HOOK_POSTINSTALL
  SetOutPath "$INSTDIR"
  File "/oname=vectis-setup-cli.exe" "..\..\vectis-setup-cli.exe"
!macroend

!macro NSIS_HOOK_POSTUNINSTALL
  Delete "$INSTDIR\vectis-setup-cli.exe"
!macroend
