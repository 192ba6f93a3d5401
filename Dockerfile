# Multi-stage build that mirrors the README: restore, build (the front-end step runs npm ci for
# apexcharts), run the unit tests, publish; then a small ASP.NET runtime image that runs as the
# image's non-root user. The integration tests need mosquitto and PostgreSQL: run
# ./scripts/test.sh outside Docker for those.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet restore Dashboard.sln \
 && dotnet build Dashboard.sln --no-restore -c Release \
 && dotnet test tests/Dashboard.Core.Tests --no-build -c Release \
 && dotnet publish src/Dashboard/Dashboard.csproj --no-build -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    History__DataDirectory=/data
RUN mkdir -p /data && chown "$APP_UID" /data
VOLUME /data
USER $APP_UID
EXPOSE 8080
# The aspnet image has no curl or wget, but it has bash: a GET of /healthz over bash's /dev/tcp,
# healthy on "200" in the status line. Host: localhost is one of the default AllowedHosts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Dashboard.dll"]
