<#
.SYNOPSIS
  Collects what dsreg-doctor reads from a Windows device, without Node: dsregcmd /status (and
  /status /debug) and the device registration event logs, into a folder and a zip; optionally
  posts the capture to a dsreg-doctor server.

.DESCRIPTION
  Runs every program by absolute path under %SystemRoot%\System32 (Sysnative from a 32-bit
  PowerShell on 64-bit Windows), so a program planted in the current folder never runs instead.
  Reads the security context from SIDs (whoami /user /groups), which are the same in every
  display language. A channel that does not exist (exit code 15007) or holds no events is
  skipped and listed in manifest.md; nothing else stops the collection.

  The folder holds:
    dsregcmd-status.txt, dsregcmd-status-debug.txt   the output as dsregcmd wrote it
    events\<channel>.evtx                             wevtutil epl exports
    manifest.md                                       what was collected, how, in which context,
                                                      what is missing; the same facts as a JSON
                                                      block (schema dsreg-doctor.collect/1)
  Read it elsewhere with:  dsreg-doctor analyze <folder or zip>

  Posting (-ServerUrl): POST <ServerUrl>/api/captures with the bytes of dsregcmd-status.txt as the
  body and these headers:
    Authorization: Bearer <token>          -Token, or the DSREG_DOCTOR_TOKEN environment variable
    Content-Type: text/plain               the body is sent as written (console code page)
    X-Device-Name: <computer name>
    X-Capture-Context: system | elevated | user | unknown
    X-Captured-At: <ISO 8601 time, UTC>
    X-File-Name: dsregcmd-status.txt
  The server answers 2xx with JSON on success; any other status is printed and the script exits 3.

.PARAMETER OutputFolder
  Where to write (default: %TEMP%\dsreg-doctor-<computer>-<yyyyMMdd-HHmmss>).

.PARAMETER NoZip
  Leave the folder only; by default a zip of it is written next to it.

.PARAMETER NoEvents
  Skip the event logs (they need an elevated prompt).

.PARAMETER ServerUrl
  Base URL of a dsreg-doctor server (https://dsreg-doctor.contoso.com) to post the capture to.

.PARAMETER Token
  The server's bearer token; default: $env:DSREG_DOCTOR_TOKEN.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File .\dsreg-doctor.ps1

.EXAMPLE
  .\dsreg-doctor.ps1 -ServerUrl https://dsreg-doctor.contoso.com -Token $token

.NOTES
  Exit codes: 0 collected; 2 dsregcmd could not be run (down-level Windows, or it failed);
  3 the capture was collected but posting it failed.
#>
[CmdletBinding()]
param(
  [string]$OutputFolder,
  [switch]$NoZip,
  [switch]$NoEvents,
  [string]$ServerUrl,
  [string]$Token = $env:DSREG_DOCTOR_TOKEN
)

Set-StrictMode -Version 2.0
# Continue, not Stop: under Stop, Windows PowerShell 5.1 turns a native program's redirected
# stderr into a terminating error. Every outcome is checked explicitly instead.
$ErrorActionPreference = 'Continue'

# The native system folder: a 32-bit PowerShell on 64-bit Windows is redirected to SysWOW64,
# where dsregcmd.exe does not exist; Sysnative leads back to System32.
$root = $env:SystemRoot
if (-not $root) { $root = 'C:\Windows' }
if ([Environment]::Is64BitOperatingSystem -and -not [Environment]::Is64BitProcess) {
  $sys = Join-Path $root 'Sysnative'
} else {
  $sys = Join-Path $root 'System32'
}
$dsregcmd = Join-Path $sys 'dsregcmd.exe'
$wevtutil = Join-Path $sys 'wevtutil.exe'
$whoami = Join-Path $sys 'whoami.exe'

$computer = $env:COMPUTERNAME
$started = (Get-Date).ToUniversalTime()
if (-not $OutputFolder) {
  $OutputFolder = Join-Path $env:TEMP ("dsreg-doctor-{0}-{1}" -f $computer, $started.ToString('yyyyMMdd-HHmmss'))
}
New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
New-Item -ItemType Directory -Force -Path (Join-Path $OutputFolder 'events') | Out-Null

$items = New-Object System.Collections.ArrayList
function Add-Item($id, $title, $kind, $entry, $how, $status, $exitCode, $reason) {
  $bytes = 0
  if ($entry) { $bytes = (Get-Item -LiteralPath (Join-Path $OutputFolder $entry)).Length }
  [void]$items.Add([ordered]@{
      id = $id; title = $title; kind = $kind; entry = $entry; how = $how
      status = $status; exitCode = $exitCode; bytes = $bytes; reason = $reason
    })
}

# Context from SIDs: S-1-5-18 SYSTEM, S-1-16-12288 High (elevated), S-1-16-8192 Medium.
$context = 'unknown'
$administrator = $false
try {
  $sids = (& $whoami /user /groups /fo csv /nh) -join "`n"
  if ($sids -match 'S-1-5-18\b' -or $sids -match 'S-1-16-16384\b') { $context = 'system' }
  elseif ($sids -match 'S-1-16-12288\b') { $context = 'elevated' }
  elseif ($sids -match 'S-1-\d+-') { $context = 'user' }
  $administrator = $sids -match 'S-1-5-32-544\b'
} catch { }
$notes = @{
  system   = 'dsregcmd ran as SYSTEM: the device and pre-join sections show what the join task sees; User State and SSO State describe no signed-in user.'
  elevated = 'dsregcmd ran elevated: the device and pre-join sections are reliable; User State and SSO State describe this elevated token. Run it again un-elevated for the user view.'
  user     = 'dsregcmd ran un-elevated as the signed-in user: User State and SSO State are reliable; the event logs may be refused.'
  unknown  = 'the security context could not be read (whoami gave no SIDs).'
}
Write-Host "context: $context"
if ($context -eq 'user' -and -not $NoEvents) {
  Write-Warning 'not elevated: the event logs may be refused; run from an elevated prompt for a complete collection'
}

if (-not (Test-Path -LiteralPath $dsregcmd)) {
  Write-Error ("this Windows has no dsregcmd.exe: it is a down-level client (Windows 7, 8.1, Server 2008 R2 to 2012 R2). " +
    'Run "%ProgramFiles%\Microsoft Workplace Join\autoworkplace.exe" /i elevated for its status, and export the ' +
    'Microsoft-Workplace Join event log; see `dsreg-doctor guide down-level-status`.') -ErrorAction Continue
  exit 2
}

# dsregcmd's output is copied byte for byte into the file (the console code page; dsreg-doctor
# detects it): no shell in between, no quoting rules, and a time limit.
function Invoke-ToFile([string]$file, [string]$arguments, [string]$target, [int]$timeoutMs) {
  $psi = New-Object Diagnostics.ProcessStartInfo
  $psi.FileName = $file
  $psi.Arguments = $arguments
  $psi.UseShellExecute = $false
  $psi.RedirectStandardOutput = $true
  $psi.CreateNoWindow = $true
  $process = [Diagnostics.Process]::Start($psi)
  $stream = [IO.File]::Create($target)
  try {
    $copy = $process.StandardOutput.BaseStream.CopyToAsync($stream)
    if (-not $process.WaitForExit($timeoutMs)) {
      $process.Kill()
      [void]$copy.Wait(5000)
      return $null
    }
    [void]$copy.Wait(30000)
    return $process.ExitCode
  } finally {
    $stream.Close()
  }
}

foreach ($run in @(
    @{ id = 'dsregcmd-status'; args = '/status'; file = 'dsregcmd-status.txt'; timeout = 120000 },
    @{ id = 'dsregcmd-status-debug'; args = '/status /debug'; file = 'dsregcmd-status-debug.txt'; timeout = 180000 }
  )) {
  $target = Join-Path $OutputFolder $run.file
  $how = "$dsregcmd $($run.args)"
  Write-Host "running dsregcmd $($run.args)..."
  $code = Invoke-ToFile $dsregcmd $run.args $target $run.timeout
  $written = (Test-Path -LiteralPath $target) -and (Get-Item -LiteralPath $target).Length -gt 0
  if ($null -eq $code) {
    if ($written) { Add-Item $run.id "dsregcmd $($run.args)" 'capture' $run.file $how 'collected' $null "did not finish within $($run.timeout / 1000) s; the output so far is kept" }
    else { Remove-Item -LiteralPath $target -ErrorAction SilentlyContinue; Add-Item $run.id "dsregcmd $($run.args)" 'capture' $null $how 'failed' $null "did not finish within $($run.timeout / 1000) s" }
  } elseif ($written) {
    $reason = $null
    if ($code -ne 0) { $reason = "exit code $code; the output is kept as written" }
    Add-Item $run.id "dsregcmd $($run.args)" 'capture' $run.file $how 'collected' $code $reason
  } else {
    Remove-Item -LiteralPath $target -ErrorAction SilentlyContinue
    Add-Item $run.id "dsregcmd $($run.args)" 'capture' $null $how 'failed' $code "exit code $code, no output"
  }
}
if (-not (Get-Item -LiteralPath (Join-Path $OutputFolder 'dsregcmd-status.txt') -ErrorAction SilentlyContinue)) {
  Write-Error 'dsregcmd /status wrote nothing: run it yourself (dsregcmd /status > status.txt) and pass the file to dsreg-doctor' -ErrorAction Continue
  exit 2
}

$channels = @(
  @('Microsoft-Windows-User Device Registration/Admin', 'User Device Registration Admin'),
  @('Microsoft-Windows-User Device Registration/Debug', 'User Device Registration Debug'),
  @('Microsoft-Windows-AAD/Operational', 'AAD Operational'),
  @('Microsoft-Windows-AAD/Analytic', 'AAD Analytic'),
  @('Microsoft-Windows-HelloForBusiness/Operational', 'HelloForBusiness Operational'),
  @('Microsoft-Workplace Join/Admin', 'Workplace Join Admin'),
  @('Microsoft-Windows-Kerberos/Operational', 'Kerberos Operational')
)
if (-not $NoEvents) {
  foreach ($c in $channels) {
    $entry = "events\$($c[1]).evtx"
    $target = Join-Path $OutputFolder $entry
    $id = 'events-' + ($c[1].ToLower() -replace '[^a-z0-9]+', '-')
    & $wevtutil epl $c[0] $target /ow:true 2>$null
    $code = $LASTEXITCODE
    if ($code -eq 15007) { Add-Item $id "event log $($c[0])" 'events' $null "wevtutil epl" 'absent' $code 'the channel does not exist on this Windows'; continue }
    if ($code -eq 15022) { Add-Item $id "event log $($c[0])" 'events' $null "wevtutil epl" 'absent' $code 'the analytic/debug channel is enabled and cannot be exported while it is'; continue }
    if ($code -ne 0) {
      $why = "exit code $code"
      if ($code -eq 5) { $why = 'access denied (run elevated)' }
      Add-Item $id "event log $($c[0])" 'events' $null "wevtutil epl" 'failed' $code $why
      continue
    }
    if ((Get-Item -LiteralPath $target).Length -le 4096) {
      Remove-Item -LiteralPath $target
      Add-Item $id "event log $($c[0])" 'events' $null "wevtutil epl" 'absent' $code 'the channel holds no events'
      continue
    }
    Add-Item $id "event log $($c[0])" 'events' $entry "$wevtutil epl `"$($c[0])`" `"$target`" /ow:true" 'collected' $code $null
  }
}

$missing = @($items | Where-Object { $_.status -ne 'collected' } | ForEach-Object { "$($_.title): $($_.status) ($($_.reason))" })
$manifest = [ordered]@{
  schema       = 'dsreg-doctor.collect/1'
  generator    = [ordered]@{ name = 'dsreg-doctor.ps1'; version = '1' }
  collectedAt  = $started.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
  computerName = $computer
  context      = [ordered]@{ kind = $context; administrator = [bool]$administrator; note = $notes[$context] }
  redacted     = $false
  items        = @($items)
  missing      = $missing
}
$rows = $items | ForEach-Object { "| $($_.status) | $($_.title) | $($_.entry) | $($_.reason) |" }
$md = @(
  '# dsreg-doctor collection', '',
  "- collected at $($manifest.collectedAt) on $computer by dsreg-doctor.ps1",
  "- context: $context$(if ($administrator) { ' (administrator)' }): $($notes[$context])",
  '- redacted: no', '',
  '| status | what | file | note |', '| --- | --- | --- | --- |'
) + $rows + @('', '```json', ($manifest | ConvertTo-Json -Depth 5), '```', '')
[IO.File]::WriteAllText((Join-Path $OutputFolder 'manifest.md'), ($md -join "`n"), (New-Object Text.UTF8Encoding $false))
foreach ($m in $missing) { Write-Host "not collected: $m" }

$zip = $null
if (-not $NoZip) {
  $zip = "$OutputFolder.zip"
  Compress-Archive -Path (Join-Path $OutputFolder '*') -DestinationPath $zip -Force
}
Write-Host ("written: {0}{1}" -f $OutputFolder, $(if ($zip) { " and $zip" } else { '' }))
Write-Host 'read it with: dsreg-doctor analyze <that folder or zip>'

if ($ServerUrl) {
  if (-not $Token) { Write-Error 'posting needs a token: -Token, or set DSREG_DOCTOR_TOKEN' -ErrorAction Continue; exit 3 }
  # Windows PowerShell 5.1 may default to TLS 1.0.
  [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12
  $headers = @{
    Authorization       = "Bearer $Token"
    'X-Device-Name'     = $computer
    'X-Capture-Context' = $context
    'X-Captured-At'     = $started.ToString('o')
    'X-File-Name'       = 'dsregcmd-status.txt'
  }
  try {
    $answer = Invoke-RestMethod -Method Post -Uri ($ServerUrl.TrimEnd('/') + '/api/captures') -Headers $headers `
      -ContentType 'text/plain' -InFile (Join-Path $OutputFolder 'dsregcmd-status.txt')
    Write-Host "posted to $ServerUrl"
    if ($answer) { $answer | ConvertTo-Json -Depth 6 | Write-Host }
  } catch {
    Write-Error "posting to $ServerUrl failed: $($_.Exception.Message)" -ErrorAction Continue
    exit 3
  }
}
exit 0
