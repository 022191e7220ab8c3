@echo off
rem Starts anchor-batch-mcp as fast as this JVM allows (see bin/anchor-batch-mcp for the reasons).
rem On JDK 19+ a class-data archive is made on the first run and reused; JDK 17 ignores those options.
rem JVM messages go to stderr: stdout is the protocol. Set JAVA_HOME to choose the JDK.
setlocal
set "JAR=%~dp0..\target\anchor-batch-mcp.jar"
if not exist "%JAR%" (
  echo anchor-batch-mcp: %JAR% is missing; build it with mvnw.cmd -B package 1>&2
  exit /b 1
)
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
set "CACHE=%LOCALAPPDATA%\anchor-batch-mcp"
if not exist "%CACHE%" mkdir "%CACHE%" 2>nul
"%JAVA%" -XX:+IgnoreUnrecognizedVMOptions -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=%CACHE%\cds.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr -jar "%JAR%" %*
exit /b %ERRORLEVEL%
