"""Cases built from the examples and negative examples of Nosey Parker's built-in rules
(praetorian-inc/noseyparker, crates/noseyparker/data/default/builtin/rules/): each positive
example's text with its secret drawn afresh in the shape of the rule's pattern, and the negative
examples that hold no credential, verbatim."""

SOURCE = "Nosey Parker's rules: https://github.com/praetorian-inc/noseyparker/tree/main/crates/noseyparker/data/default/builtin/rules"
# What Nosey Parker reports that is no credential to keep from a model: identifiers, bucket and
# domain names, public keys and tokens, password hashes (not counted in the recall).
NOT_SECRETS = {
    "age-recipient",
    "aws-account-id",
    "aws-arn",
    "aws-s3-bucket",
    "codeclimate-reporter-id",
    "gcs-bucket",
    "github-client-id",
    "google-client-id",
    "jenkins-crumb",
    "kerberos-asrep-hash",
    "linkedin-client-id",
    "mapbox-public-token",
    "password-hash-bcrypt",
    "password-hash-cisco-pbkdf2",
    "password-hash-md5crypt",
    "password-hash-sha256crypt",
    "password-hash-sha512crypt",
    "react-app-username",
    "shopify-domain",
}
CASES: list[tuple[str, str, str, str]] = [
    # adafruitio.yml
    (
        "adafruit-io",
        "adafruitio.yml#np.adafruit.1",
        '#define IO_KEY       "{S}"',
        "aio_[a-zA-Z0-9]{28}",
    ),
    ("adafruit-io", "adafruitio.yml#np.adafruit.1", 'export IO_KEY="{S}"', "aio_[a-zA-Z0-9]{28}"),
    (
        "adafruit-io",
        "adafruitio.yml#np.adafruit.1",
        'ADAFRUIT_IO_KEY = "{S}"',
        "aio_[a-zA-Z0-9]{28}",
    ),
    # adobe.yml
    (
        "adobe-oauth-client-secret",
        "adobe.yml#np.adobe.1",
        '{\n "client_credentials": {\n  "client_id": "3f9c1e7a5b2d4c8e9a0f6b1d7e2c4a58",\n  "client_secret": "{S}"\n},',
        "p8e-[A-Za-z0-9]{32}",
    ),
    # age.yml
    ("age-recipient", "age.yml#np.age.1", "{S}", "age1[0-9a-z]{58}"),
    (
        "age-secret-key",
        "age.yml#np.age.2",
        "# created: 2023-03-14T08:12:09-04:00\n# public key: age1q7m3x9k2w5t8r4h6n0z1c3v5b7p9j2l4f6d8s0g1y3u5e7a9k2q4w6z8x\n{S}",
        "AGE-SECRET-KEY-1[0-9A-Z]{58}",
    ),
    ("age-secret-key", "age.yml#np.age.2", "{S}", "AGE-SECRET-KEY-1[0-9A-Z]{58}"),
    # anthropic.yml
    ("anthropic", "anthropic.yml#np.anthropic.1", "{S}", "sk-ant-api03-[a-zA-Z0-9_\\-]{95}"),
    ("anthropic", "anthropic.yml#np.anthropic.1", "{S}", "sk-ant-api03-[a-zA-Z0-9_\\-]{95}"),
    # artifactory.yml
    (
        "artifactory",
        "artifactory.yml#np.artifactory.1",
        "export HOMEBREW_ARTIFACTORY_API_TOKEN={S}\nexport HOMEBREW_ARTIFACTORY_API_USER=kashorn",
        "AKCp[a-zA-Z0-9]{69}",
    ),
    (
        "artifactory",
        "artifactory.yml#np.artifactory.1",
        "jfrog rt dl --url=http://localhost:8071/artifactory --apikey={S} generic-local/hello.txt",
        "AKCp[a-zA-Z0-9]{69}",
    ),
    # atlassian.yml
    (
        "atlassian",
        "atlassian.yml#np.atlassian.1",
        "# Replace 'your_email' and 'your_api_token' with your actual email and Jira API token\nemail = 'info@example.com'\napi_token = '{S}'",
        "ATATT3xFfGF0[a-zA-Z0-9_\\-]{171}=[0-9A-F]{8}",
    ),
    (
        "atlassian",
        "atlassian.yml#np.atlassian.1",
        '# ######## Set your Jira credentials and endpoint ########\nJIRA_USER="example@example.com"\nJIRA_API_TOKEN="{S}"',
        "ATATT3xFfGF0[a-zA-Z0-9_\\-]{171}=[0-9A-F]{8}",
    ),
    (
        "atlassian",
        "atlassian.yml#np.atlassian.1",
        "'jira' => [\n    'host' => env('JIRA_HOST', 'https://example.net'),\n    'user' => env('JIRA_USER', 'admin@example.com'),\n    'secret' => env('JIRA_SECRET'),\n    'token' => env('JIRA_API_TOKEN', '{S}'),\n],",
        "ATATT3xFfGF0[a-zA-Z0-9_\\-]{171}=[0-9A-F]{8}",
    ),
    # auth0.yml
    (
        "auth0",
        "auth0.yml#np.auth0.1",
        "```\nREACT_APP_AUTH0_DOMAIN='dev-k3q8xw2mzt7p5rla.us.auth0.com'\nREACT_APP_AUTH0_CLIENT_ID='Tq7Rw2ZxK9mBv4NcLp8YsD3fHj6GaE1u'\nREACT_APP_AUTH0_CLIENT_SECRET='{S}'\nREACT_APP_BACKEND_LINK='http://localhost:3001/signup'\n```",
        "[a-zA-Z0-9_\\-]{64}",
    ),
    (
        "auth0",
        "auth0.yml#np.auth0.1",
        "AUTH0_SECRET='9b4e1f7a2c6d3e8f0a5b7c9d1e3f5a7b2c4d6e8f0a1b3c5d7e9f2a4b6c8d0e1f'\nAUTH0_BASE_URL='http://localhost:3000'\nAUTH0_ISSUER_BASE_URL='https://dev-w8r2n5q1x7m4k9tz.us.auth0.com'\nAUTH0_CLIENT_ID='Hn4Xq8Wz2Rk7Vb1Mc5Lp9Ts3Dy6Fg0Ja'\nAUTH0_CLIENT_SECRET='{S}'",
        "[a-zA-Z0-9_\\-]{64}",
    ),
    (
        "auth0",
        "auth0.yml#np.auth0.1",
        'AUTH0_DOMAIN="dev-p3z9k7w1q5x2m8rn.us.auth0.com"\nAUTH0_CLIENT_ID="Zr5Kw9Qm2Xt7Bn4Lv8Hc1Jp6Ds3Fy0Ga"\nAUTH0_CLIENT_SECRET="{S}"',
        "[a-zA-Z0-9_\\-]{64}",
    ),
    (
        "auth0",
        "auth0.yml#np.auth0.1",
        "export AUTH0_DOMAIN='example1.us.auth0.com'\nexport ALGORITHMS='RS256'  # Without brackets\nexport API_AUDIENCE='https://example.com'\nexport AUTH0_CLIENT_ID='Wm3Rq8Zx1Kv6Tn9Bc4Lp7Hy2Ds5Fj0Ga'\nexport AUTH0_CLIENT_SECRET='{S}'",
        "[a-zA-Z0-9_\\-]{64}",
    ),
    # aws.yml
    ("aws-access-key-id", "aws.yml#np.aws.1", "{S}", "A3T0[A-Z0-9]{16}"),
    ("aws-access-key-id", "aws.yml#np.aws.1", "{S}", "AKIA[A-Z0-9]{16}"),
    ("aws-secret-access-key", "aws.yml#np.aws.2", "aws_secret_access_key:{S}", "[a-zA-Z0-9/+]{40}"),
    (
        "aws-secret-access-key",
        "aws.yml#np.aws.2",
        "aws_secret_access_key => {S}",
        "[a-zA-Z0-9/+]{40}",
    ),
    (
        "aws-secret-access-key",
        "aws.yml#np.aws.2",
        r"aws_access_key_id = FakeValues42QWNB7TLKRD3X\n  aws_secret_access_key = {S}",
        "[a-zA-Z0-9/+]{40}",
    ),
    (
        "aws-account-id",
        "aws.yml#np.aws.3",
        'KeyMetadata: {\n    AWSAccountId: "{S}",\n    CreationDate: 2019-07-12 18:23:13 +0000 UTC,\n    Description: "",\n    Enabled: true,\n    KeyManager: "CUSTOMER",\n    KeyState: "Enabled",\n}',
        "\\d{12}",
    ),
    (
        "aws-account-id",
        "aws.yml#np.aws.3",
        "4. login into ecr\n\n```bash\naws_region=eu-central-1\naws_account_id={S}\naws_profile=serverless-bert\n```",
        "\\d{12}",
    ),
    (
        "aws-session-token",
        "aws.yml#np.aws.4",
        'export AWS_ACCESS_KEY_ID="Q7NR2KXW4ZT9BEMC1HVA"\nexport AWS_SECRET_ACCESS_KEY="r8Fw+2kTqZL0pVn9/Hc4YbXe7JmS1uDgA6oRt3Wi"\nexport AWS_SESSION_TOKEN="{S}"',
        "[a-zA-Z0-9/+]{200}",
    ),
    (
        "amazon-mws-auth-token",
        "aws.yml#np.aws.5",
        "AWS Access Key:AKIAR4TZ8QWN2XKM7BLE\nsecret key:Zt3Qm9Rw2Xk7Bv4Nc8Lp1Hs6Dy0Fg5JaTe2Wq7Ur\nMWS Authorisation Token:  {S}",
        "amzn\\.mws\\.\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    ("aws-s3-bucket", "aws.yml#np.s3.1", "{S}", "[a-z]{7}-[a-z]{6}\\.s3\\.amazonaws\\.com"),
    ("aws-s3-bucket", "aws.yml#np.s3.1", "http://{S}", "[a-z]{6}\\.s3-us-east-2\\.amazonaws\\.com"),
    (
        "aws-s3-bucket",
        "aws.yml#np.s3.1",
        "http%2F%2F{S}",
        "[a-z]{4}-[a-z]{6}\\.s3\\.amazonaws\\.com",
    ),
    ("aws-s3-bucket", "aws.yml#np.s3.2", "{S}", "s3\\.amazonaws\\.com/[a-z]{7}-[a-z]{6}"),
    (
        "aws-s3-bucket",
        "aws.yml#np.s3.2",
        "http://{S}",
        "s3-us-east-2\\.amazonaws\\.com/[a-z]{7}-[a-z]{6}",
    ),
    ("aws-arn", "aws.yml#np.arn.1", "{S}", "arn:aws:s3:::[a-z_]{19}/\\*"),
    ("aws-arn", "aws.yml#np.arn.1", "{S}", "arn:aws:s3:::[a-z_]{19}/Development/\\*"),
    (
        "aws-arn",
        "aws.yml#np.arn.1",
        "{S}",
        "arn:aws:iam::\\d{12}:user/Development/product_\\d{4}/\\*",
    ),
    ("aws-arn", "aws.yml#np.arn.1", 'alerts: "{S}"', "arn:aws:sns:us-west-2:\\d{12}:[A-Za-z]{21}"),
    (
        "aws-arn",
        "aws.yml#np.arn.1",
        '"Principal":{"Federated":["{S}"]},',
        "arn:aws:iam:::oidc-provider/localhost:8080/auth/realms/[a-z]{10}",
    ),
    (
        "aws-arn",
        "aws.yml#np.arn.1",
        '"KeyId": "{S}",',
        "arn:aws:kms:us-west-2:\\d{12}:key/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "aws-arn",
        "aws.yml#np.arn.1",
        '"aws-kms://{S}";',
        "arn:aws:kms:us-east-1:\\d{12}:key/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    ("aws-appsync", "aws.yml#np.appsync.1", "  aws_appsync_apiKey: '{S}',", "da2-[a-z0-9]{26}"),
    (
        "aws-api-credentials",
        "aws.yml#np.aws.6",
        "export AWS_API_KEY='AKIAW3QZ7RX2KT9MNB4L'\nexport AWS_SECRET_ACCESS_KEY='{S}'",
        "[A-Za-z0-9/+]{40}",
    ),
    (
        "aws-api-credentials",
        "aws.yml#np.aws.6",
        "export AWS_API_KEY='AKIAP8TN3WQ6ZX1RKM5V''{S}'",
        "[A-Za-z0-9/+]{40}",
    ),
    # azure.yml
    (
        "azure-connection-string",
        "azure.yml#np.azure.1",
        "# Azure Storage Connection String\nAzureWebJobsStorage=DefaultEndpointsProtocol=https;AccountName=contosostore4127;AccountKey={S};EndpointSuffix=core.windows.net",
        "[a-zA-Z0-9/+]{86}==",
    ),
    (
        "azure-connection-string",
        "azure.yml#np.azure.1",
        "DefaultEndpointsProtocol=http;AccountName=testacc1;\nAccountKey={S};\nBlobEndpoint=http://127.0.0.1:8440/testacc1;\nTableEndpoint=http://127.0.0.1:8440/testacc1;\nQueueEndpoint=http://127.0.0.1:8440/testacc1;",
        "[a-zA-Z0-9/+]{73}==",
    ),
    (
        "azure-connection-string",
        "azure.yml#np.azure.1",
        '"IOTHUB_CONNECTION_STRING": {\n  "value": "HostName=contoso-iothub42.azure-devices.net;SharedAccessKeyName=registryReadWrite;SharedAccessKey={S}"\n}',
        "[a-zA-Z0-9/+]{43}=",
    ),
    (
        "azure-connection-string",
        "azure.yml#np.azure.1",
        '"AZURE_STORAGE_CONNECTION_STRING": {\n  "value": "DefaultEndpointsProtocol=https;AccountName=contosoblob7731;AccountKey={S};EndpointSuffix=core.windows.net"\n}',
        "[a-zA-Z0-9/+]{86}==",
    ),
    (
        "azure-app-configuration",
        "azure.yml#np.azure.2",
        "Endpoint=https://foo-nonprod-appconfig.azconfig.io;Id=Q7xR-l3-s0:Zk2mWp8Tq4Rv9Bn1Xc5L;Secret={S}",
        "[a-zA-Z0-9+/]{43}=",
    ),
    (
        "azure-app-configuration",
        "azure.yml#np.azure.2",
        "https://foo-nonprod-appconfig.azconfig.io;Id=Hm4T-k8-s0:Rq2vXw7Zp3Bn9Lc1Mt6K;Secret={S}",
        "[a-zA-Z0-9+/]{43}=",
    ),
    (
        "azure-app-configuration",
        "azure.yml#np.azure.2",
        "Endpoint=https://appconfig-test01.azconfig.io;Id=w3zk-p7-s0:Lt8Qm2Rx+5Vn1Kb4Zc9H;Secret={S}",
        "[a-zA-Z0-9+/]{43}=",
    ),
    (
        "azure-app-configuration",
        "azure.yml#np.azure.2",
        '        private static string appConfigurationConnectionString = "Endpoint=https://appcs-fg-pwc.azconfig.io;Id=r9qm-x2-s0:Xb7Tw4Kz1Nq8Hp3Vd6Lc;Secret={S}";',
        "[a-zA-Z0-9+/]{43}=",
    ),
    (
        "azure-personal-access-token",
        "azure.yml#np.azure.3",
        'var personalAccessToken = "{S}";  // Provide a value or retrieve it from configuration',
        "[a-z0-9]{52}",
    ),
    ("azure-personal-access-token", "azure.yml#np.azure.3", '$token = "{S}"', "[a-z0-9]{52}"),
    (
        "azure-personal-access-token",
        "azure.yml#np.azure.3",
        'if __name__ == "__main__":\n    ado_pat =  "{S}"',
        "[a-z0-9]{52}",
    ),
    # bitbucket.yml
    (
        "bitbucket-app-password",
        "bitbucket.yml#np.bitbucket.1",
        "git ls-remote https://gemesa:{S}@bitbucket.org/***/***",
        "ATBB[a-zA-Z0-9]{32}",
    ),
    # blynk.yml
    (
        "blynk-device-token",
        "blynk.yml#np.blynk.1",
        'curl "https://blynk.cloud/external/api/get?token={S}&V1"',
        "[a-zA-Z0-9_\\-]{32}",
    ),
    (
        "blynk-device-token",
        "blynk.yml#np.blynk.1",
        'curl "https://fra1.blynk.cloud/external/api/get?token={S}&V1"',
        "[a-zA-Z0-9_\\-]{32}",
    ),
    (
        "blynk-device-token",
        "blynk.yml#np.blynk.1",
        'curl "https://lon1.blynk.cloud/external/api/get?token={S}&V1"',
        "[a-zA-Z0-9_\\-]{32}",
    ),
    (
        "blynk-device-token",
        "blynk.yml#np.blynk.1",
        'curl "https://blynk.cloud/external/api/update/property?token={S}&pin=v1&isDisabled=true"',
        "[a-zA-Z0-9_\\-]{32}",
    ),
    (
        "blynk-organization-token",
        "blynk.yml#np.blynk.2",
        'curl https://fra1.blynk.cloud/api/organization/profile -H "Authorization: Bearer {S}"',
        "[a-zA-Z0-9_\\-]{40}",
    ),
    (
        "blynk-organization-token",
        "blynk.yml#np.blynk.2",
        'curl https://fra1.blynk.cloud/api/organization/profile \\\n-H "Authorization: Bearer {S}"',
        "[a-zA-Z0-9_\\-]{40}",
    ),
    (
        "blynk-organization-token",
        "blynk.yml#np.blynk.3",
        'curl -H "Authorization: Bearer {S}" https://fra1.blynk.cloud/api/organization/profile',
        "[a-zA-Z0-9_\\-]{40}",
    ),
    (
        "blynk-organization-token",
        "blynk.yml#np.blynk.3",
        'curl -H "Authorization: Bearer {S}" \\\nhttps://fra1.blynk.cloud/api/organization/profile',
        "[a-zA-Z0-9_\\-]{40}",
    ),
    (
        "blynk-client-credentials",
        "blynk.yml#np.blynk.8",
        "curl -X POST https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials -u oa2-client-id_Kq7Rw2Zx-9mBv4NcLp8YsD3fHj6GaE1u:{S}",
        "[a-zA-Z0-9_\\-]{40}",
    ),
    (
        "blynk-client-credentials",
        "blynk.yml#np.blynk.8",
        "curl -X POST https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials \\\n-u oa2-client-id_Tn3Xq8Wz2Rk7Vb1-c5Lp9Ms3Dy6Fg0Ja:{S}",
        "[a-zA-Z0-9_\\-]{40}",
    ),
    (
        "blynk-client-credentials",
        "blynk.yml#np.blynk.8",
        "curl -X POST https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials&client_id=oa2-client-id_Pz5Kw9Qm2Xt7Bn4-v8Hc1Jr6Ds3Fy0Ga&client_secret={S}",
        "[a-zA-Z0-9_\\-]{40}",
    ),
    (
        "blynk-client-credentials",
        "blynk.yml#np.blynk.9",
        "curl -X POST -u oa2-client-id_Wm3Rq8Zx1Kv6Tn9-c4Lp7Hy2Ds5Fj0Ga:{S} https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials",
        "[a-zA-Z0-9_\\-]{40}",
    ),
    (
        "blynk-client-credentials",
        "blynk.yml#np.blynk.9",
        "curl -X POST -u oa2-client-id_Bx8Nq3Rw6Zt1Km4-p9Lc2Vh7Ds5Fy0Ja:{S} \\\nhttps://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials",
        "[a-zA-Z0-9_\\-]{40}",
    ),
    # codeclimate.yml
    (
        "codeclimate-reporter-id",
        "codeclimate.yml#np.codeclimate.1",
        " - RAILS_ENV=test CODECLIMATE_REPO_TOKEN={S}",
        "\\h{64}",
    ),
    (
        "codeclimate-reporter-id",
        "codeclimate.yml#np.codeclimate.1",
        "- uses: paambaati/codeclimate-action@v2.2.4\nenv:\n  CC_TEST_REPORTER_ID: {S}",
        "\\h{64}",
    ),
    # crates.io.yml
    ("crates-io", "crates.io.yml#np.cratesio.1", "Bearer: {S}", "cio[a-zA-Z0-9]{32}"),
    # databricks.yml
    ("databricks", "databricks.yml#np.databricks.1", "DATABRICKS_TOKEN: '{S}'", "dapi\\h{32}-3"),
    ("databricks", "databricks.yml#np.databricks.1", "{S}", "dapi\\h{32}"),
    # dependency_track.yml
    ("dependency-track", "dependency_track.yml#np.dtrack.1", "{S}", "odt_[A-Za-z0-9]{32}"),
    ("dependency-track", "dependency_track.yml#np.dtrack.1", "{S}", "odt_[A-Za-z0-9]{32}"),
    ("dependency-track", "dependency_track.yml#np.dtrack.1", "{S}", "odt_[A-Za-z0-9]{36}"),
    # digitalocean.yml
    (
        "digitalocean",
        "digitalocean.yml#np.digitalocean.1",
        'curl -X GET -H "Content-Type: application/json" -H "Authorization: Bearer {S}" "https://api.digitalocean.com/v2/cdn/endpoints"',
        "doo_v1_\\h{64}",
    ),
    (
        "digitalocean",
        "digitalocean.yml#np.digitalocean.2",
        'token         = "{S}"',
        "dop_v1_\\h{64}",
    ),
    (
        "digitalocean",
        "digitalocean.yml#np.digitalocean.3",
        '  "refresh_token": "{S}",',
        "dor_v1_\\h{64}",
    ),
    # django.yml
    (
        "django-secret-key",
        "django.yml#np.django.1",
        "# Quick-start development settings - unsuitable for production\n# See https://docs.djangoproject.com/en/5.1/howto/deployment/checklist/\n\n# SECURITY WARNING: keep the secret key used in production secret!\nSECRET_KEY = '{S}'\n\n# SECURITY WARNING: don't run with debug turned on in production!\nDEBUG = True",
        "django-insecure-[a-z0-9!@#$%^&*(\\-_=+)]{50}",
    ),
    (
        "django-secret-key",
        "django.yml#np.django.1",
        "# Quick-start development settings - unsuitable for production\n\n# SECURITY WARNING: keep the secret key used in production secret!\n# SECRET_KEY = '{S}'\nSECRET_KEY = 'hmm'\n\n# SECURITY WARNING: don't run with debug turned on in production!\nDEBUG = True",
        "django-insecure-[a-z0-9!@#$%^&*(\\-_=+)]{50}",
    ),
    # dockerhub.yml
    (
        "dockerhub",
        "dockerhub.yml#np.dockerhub.1",
        "docker login -u gemesa -p {S}",
        "dckr_pat_[a-zA-Z0-9_\\-]{27}",
    ),
    (
        "dockerhub",
        "dockerhub.yml#np.dockerhub.1",
        "docker login -u gemesa -p {S}",
        "dckr_pat_[a-zA-Z0-9_\\-]{27}",
    ),
    (
        "dockerhub",
        "dockerhub.yml#np.dockerhub.1",
        "docker login -u gemesa -p {S}",
        "dckr_pat_[a-zA-Z0-9_\\-]{27}",
    ),
    # doppler.yml
    ("doppler", "doppler.yml#np.doppler.1", "{S}", "dp\\.ct\\.[a-zA-Z0-9]{43}"),
    ("doppler", "doppler.yml#np.doppler.2", "{S}", "dp\\.pt\\.[a-zA-Z0-9]{43}"),
    ("doppler", "doppler.yml#np.doppler.3", "{S}", "dp\\.st\\.dev\\.[a-zA-Z0-9]{43}"),
    ("doppler", "doppler.yml#np.doppler.4", "{S}", "dp\\.sa\\.[a-zA-Z0-9]{43}"),
    ("doppler", "doppler.yml#np.doppler.5", "{S}", "dp\\.scim\\.[a-zA-Z0-9]{43}"),
    ("doppler", "doppler.yml#np.doppler.6", "{S}", "dp\\.audit\\.[a-zA-Z0-9]{43}"),
    # dropbox.yml
    (
        "dropbox",
        "dropbox.yml#np.dropbox.1",
        'curl -X POST https://api.dropboxapi.com/2/users/get_current_account --header "Authorization: Bearer {S}"',
        "sl\\.[a-zA-Z0-9_\\-]{140}",
    ),
    (
        "dropbox",
        "dropbox.yml#np.dropbox.1",
        '  "access_token": "{S}",',
        "sl\\.[a-zA-Z0-9_\\-]{135}-",
    ),
    # dynatrace.yml
    (
        "dynatrace",
        "dynatrace.yml#np.dynatrace.1",
        "helmCharts:\n- name: dynatrace-operator\n  namespace: dynatrace\n  releaseName: dynatrace-operator\n  valuesInline:\n    apiUrl: https://abc12345.live.dynatrace.com/api\n    apiToken: {S}",
        "dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}",
    ),
    # facebook.yml
    (
        "facebook-secret-key",
        "facebook.yml#np.facebook.1",
        '   # config.facebook.key = "{S}"',
        "[a-z0-9]{32}",
    ),
    (
        "facebook-secret-key",
        "facebook.yml#np.facebook.1",
        "    var fbApiKey = '{S}';",
        "[a-z0-9]{32}",
    ),
    (
        "facebook-secret-key",
        "facebook.yml#np.facebook.1",
        '     fbApiKey:            "{S}",',
        "[a-z0-9]{32}",
    ),
    (
        "facebook-access-token",
        "facebook.yml#np.facebook.2",
        "url = 'https://graph.facebook.com/me/friends?access_token={S}'",
        "EAACEdEose0cBA[a-zA-Z0-9]{169}",
    ),
    # figma.yml
    (
        "figma",
        "figma.yml#np.figma.1",
        "--header='X-Figma-Token: {S}'",
        "\\h{4}-\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    # firecrawl.yml
    (
        "firecrawl",
        "firecrawl.yml#np.firecrawl.1",
        'app = FirecrawlApp(api_key="{S}")',
        "fc-\\h{32}",
    ),
    # generic.yml
    (
        "generic-secret",
        "generic.yml#np.generic.1",
        '    private static String CLIENT_SECRET = "{S}";',
        "[0-9a-z]{40}",
    ),
    ("generic-api-key", "generic.yml#np.generic.2", 'API_KEY = "{S}"', "[0-9a-z]{32}"),
    (
        "generic-api-key",
        "generic.yml#np.generic.2",
        r"""buildConfigField 'String' , 'API_KEY' , '"{S}"'\tAPI_KEY\t""",
        "[0-9a-z]{32}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.3",
        "credential = UsernamePasswordCredential(\n    client_id='5e21c7a4-93bd-4f18-a6e0-2c8d41b97f35',\n    username='donjuandemarco',\n    password='{S}',\n    tenant_id='a0f3d9e6-1b72-4c85-9e4a-7d26b81c03fa')",
        "[a-zA-Z0-9!@#%&*?]{12}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.3",
        "hostname = '10.11.12.13'\nusername = 'donjuandemarco@example.com'\npassword = '{S}'",
        "[a-zA-Z0-9!@#%&*?]{12}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.3",
        "hostname = '10.11.12.13'\nUSERNAME = 'donjuandemarco@example.com'\n# some comment\n# some other comment\nPASS = '{S}'",
        "[a-zA-Z0-9!@#%&*?]{12}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.3",
        "user = 'abuser'  # some comment\npassword = '{S}'  # some other comment",
        "[a-zA-Z0-9!@#%&*?]{12}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.3",
        "user = 'Aladdin'\npassword = '{S}'",
        "[a-zA-Z0-9!@#%&*?]{11}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.4",
        "user = Aladdin\npassword = {S}",
        "[a-zA-Z][a-zA-Z0-9_!%*]{10}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.4",
        "user = Aladdin\n// some comment\n// some other comment\npassword = {S}",
        "[a-zA-Z][a-zA-Z0-9_!%*]{10}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.5",
        'password = "{S}"',
        "[a-zA-Z][a-zA-Z0-9!$%*_]{10}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.5",
        'password="{S}"',
        "[a-zA-Z][a-zA-Z0-9!$%*_]{10}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.5",
        'my_password: "{S}"',
        "[a-zA-Z][a-zA-Z0-9!$%*_]{10}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.5",
        '"password": "{S}",',
        "[a-zA-Z][a-zA-Z0-9!$%*_]{10}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.5",
        'my_password := "{S}"',
        "[a-zA-Z][a-zA-Z0-9!$%*_]{10}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.5",
        'password   =>   "{S}"',
        "[a-zA-Z][a-zA-Z0-9!$%*_]{10}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.5",
        "  create_random_name('sfrp-cli-cert2', 24),\n            'cluster_name': self.create_random_name('sfrp-cli-', 24),\n            'vm_password': \"{S}\",\n            'policy_path': os.path.join(TEST_DIR, 'policy.json')\n        })",
        "[a-zA-Z][a-zA-Z0-9!@#%*]{9}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.6",
        ":password       => '{S}',",
        "[a-zA-Z0-9][a-zA-Z0-9!%*_]{7}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.6",
        "common.then_log_in({username: 'geronimo', password: '{S}'});",
        "[a-zA-Z0-9]{16}",
    ),
    (
        "dotnet-network-credential",
        "generic.yml#np.generic.7",
        'sender.Credentials = new NetworkCredential("NuGets@example.com", "{S}");',
        "[a-z]{16}",
    ),
    (
        "dotnet-network-credential",
        "generic.yml#np.generic.7",
        '$webClient.Credentials = new-object System.Net.NetworkCredential("cidownload", "{S}");',
        "[a-zA-Z0-9]{27}",
    ),
    (
        "dotnet-directory-entry",
        "generic.yml#np.generic.8",
        'new DirectoryEntry("LDAP://EXAMPLE.COM",\n          "ADMNALRRHH@EXAMPLE.COM",\n          "{S}");',
        "[A-Z][a-z]{3}\\d{4}",
    ),
    (
        "dotnet-config-sensitive-value",
        "generic.yml#np.generic.9",
        '<add key="FromEmailAddress" value="killer.joe@example.com"/>\n<add key="FromEmailPassword" value="{S}"/>',
        "[a-zA-Z][a-zA-Z0-9!$%*]{13}",
    ),
    (
        "dotnet-config-connection-string",
        "generic.yml#np.generic.10",
        '<add key="ConnectionString_B2B" value="Server=awsbman-t,1433;Database=B2B;User ID=b2buser;Password={S};Trusted_Connection=False" />',
        "#[a-zA-Z0-9]{7}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.11",
        "echo \"Rrun 'bin/ipa_kinit admin' to acquire a Kerberos ticket\"\necho \"The password is '{S}'\"",
        "[A-Z][a-z]{5}\\d{3}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.11",
        "The Blooby has a default Access Point Name 'Blooby'\nThe default Password is '{S}'",
        "[a-zA-Z0-9]{9}",
    ),
    (
        "generic-password",
        "generic.yml#np.generic.12",
        'so at this point, just fill in your mount point name, ensure the password is "{S}" and press the "On" button!',
        "[a-zA-Z0-9]{9}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.13",
        "2. Ensure the password for user 'postgres' is '{S}' or change .env file.",
        "[a-zA-Z0-9]{5}",
    ),
    (
        "generic-username-password",
        "generic.yml#np.generic.14",
        'The default password for the user "pyne-user" is "{S}".',
        "[a-zA-Z0-9]{4}",
    ),
    # gitalk.yml
    (
        "gitalk",
        "gitalk.yml#np.gitalk.1",
        "new Gitalk({\n  clientID: '4c8e1f0a7b3d9e2c6a51',\n  clientSecret:'{S}',",
        "\\h{40}",
    ),
    # github.yml
    ("github", "github.yml#np.github.1", "GITHUB_KEY={S}", "ghp_[a-zA-Z0-9]{36}"),
    ("github", "github.yml#np.github.1", "let g:gh_token='{S}'", "ghp_[a-zA-Z0-9]{36}"),
    ("github", "github.yml#np.github.1", "## git devaloper settings\n{S}", "ghp_[a-zA-Z0-9]{36}"),
    (
        "github",
        "github.yml#np.github.2",
        '    "url": "git+https://FelipeMestre:{S}@github.com/gontarz/PW_2021_Website-FelipeMestre.git"',
        "gho_[a-zA-Z0-9]{36}",
    ),
    ("github", "github.yml#np.github.2", "    oauth_token: {S}", "gho_[a-zA-Z0-9]{36}"),
    ("github", "github.yml#np.github.3", '            "token": "{S}",', "ghu_[a-zA-Z0-9]{36}"),
    (
        "github",
        "github.yml#np.github.3",
        "Example usage:\ngit clone http://{S}@github.com/username/repo.git",
        "ghs_[a-zA-Z0-9]{36}",
    ),
    ("github", "github.yml#np.github.4", '    "refresh_token": "{S}",', "ghr_[a-zA-Z0-9]{76}"),
    (
        "github-client-id",
        "github.yml#np.github.5",
        "GITHUB_CLIENT_ID={S}\nGITHUB_SECRET=8e2a6c1f4b9d7e3a0c5f2b8d6e1a4c7f9b3d0e5a",
        "[a-z0-9]{20}",
    ),
    (
        "github-secret-key",
        "github.yml#np.github.6",
        "GITHUB_CLIENT_ID=b7e1c4a9d2f6e3b8a05c\nGITHUB_SECRET={S}",
        "[a-z0-9]{40}",
    ),
    ("github", "github.yml#np.github.7", "{S}", "github_pat_[0-9A-Z]{22}_[0-9a-zA-Z]{59}"),
    # gitlab.yml
    (
        "gitlab",
        "gitlab.yml#np.gitlab.1",
        'sudo gitlab-runner register \\\n--non-interactive \\\n--url "https://gitlab.com/" \\\n--registration-token "{S}" \\\n--executor "docker" \\\n--locked="false" \\\n--access-level="not_protected"',
        "GR1348941[0-9a-zA-Z_\\-]{20}",
    ),
    (
        "gitlab",
        "gitlab.yml#np.gitlab.2",
        "docker build -t tweedledee \\\n-f Dockerfile \\\n--build-arg 'GO_REPO_TOKEN={S}' \\",
        "glpat-[0-9a-zA-Z_\\-]{20}",
    ),
    (
        "gitlab",
        "gitlab.yml#np.gitlab.3",
        "curl    \\\n-X POST \\\n--fail  \\\n--no-progress-meter \\\n-F token={S} \\\n-F ref=main",
        "glptt-\\h{40}",
    ),
    # google.yml
    (
        "google-client-id",
        "google.yml#np.google.1",
        "                 'clientID' : '{S}.apps.googleusercontent.com',",
        "\\d{12}-[a-z0-9]{32}",
    ),
    (
        "google-client-id",
        "google.yml#np.google.1",
        "                //$google_client_id     = '{S}.apps.googleusercontent.com';",
        "\\d{12}-[a-z0-9]{32}",
    ),
    (
        "google-client-id",
        "google.yml#np.google.1",
        "      GOOGLE_OAUTH2_CLIENT_ID = '{S}.apps.googleusercontent.com'",
        "\\d{12}-[a-z0-9]{32}",
    ),
    (
        "google-client-id",
        "google.yml#np.google.1",
        '          $cordovaOauth.google("{S}.apps.googleusercontent.com", ["email"]).then(function(result) {',
        "\\d{12}-[a-z0-9]{32}",
    ),
    (
        "google-oauth-client-secret",
        "google.yml#np.google.2",
        'const CLIENTSECRET = "{S}"',
        "GOCSPX-[a-zA-Z0-9_\\-]{28}",
    ),
    (
        "google-oauth-client-secret",
        "google.yml#np.google.3",
        '"client_secret":"{S}"',
        "[a-zA-Z0-9_\\-]{24}",
    ),
    (
        "google-oauth-client-secret",
        "google.yml#np.google.3",
        "                 //$google_client_secret = '{S}';",
        "[a-zA-Z0-9_\\-]{24}",
    ),
    (
        "google-oauth-client-secret",
        "google.yml#np.google.3",
        "                'clientSecret' : '{S}'",
        "[a-zA-Z0-9_\\-]{24}",
    ),
    (
        "google-oauth-access-token",
        "google.yml#np.google.4",
        "const setupCredentials = () => {\nconst { encryptedData, iv } = encrypt({\n  expiry_date: 1642441058842,\n  access_token:\n    '{S}',\n})",
        "ya29\\.[0-9A-Za-z_\\-]{158}",
    ),
    (
        "google-oauth-access-token",
        "google.yml#np.google.4",
        "-- Clear login if it's a new connection.\n--propertyTable.access_token = '{S}'",
        "ya29\\.[0-9A-Za-z_\\-]{66}",
    ),
    (
        "google-api-key",
        "google.yml#np.google.5",
        "  var DEVELOPER_KEY = '{S}';",
        "AIza[0-9A-Za-z_\\-]{35}",
    ),
    ("google-api-key", "google.yml#np.google.5", 'value="{S}', "AIza[0-9A-Za-z_\\-]{35}"),
    ("gcs-bucket", "google.yml#np.gcs.1", "{S}", "[a-z]\\.storage\\.googleapis\\.com"),
    (
        "gcs-bucket",
        "google.yml#np.gcs.1",
        "{S}",
        "[a-z]{4}-[a-z]{6}\\.example\\.com\\.storage\\.googleapis\\.com",
    ),
    (
        "gcs-bucket",
        "google.yml#np.gcs.2",
        "https://{S}/object_name",
        "storage\\.googleapis\\.com/[a-z]{6}_[a-z]{4}",
    ),
    (
        "google-oauth-credentials",
        "google.yml#np.google.6",
        "const CLIENT_ID = '518204736915-k3v9q7x2m5t8r1w4z6n0c3b7p9j2l5f8.apps.googleusercontent.com';\nconst CLIENT_SECRET = '{S}';",
        "[a-zA-Z0-9_\\-]{24}",
    ),
    (
        "google-oauth-credentials",
        "google.yml#np.google.6",
        "public static GAPIS_CREDENTIALS = {\n  // 1. Generate credentials: https://console.cloud.google.com/apis/\n  // 2. Create OAuth page and set spreadsheets and drive.metadata.readonly scopes\n  client_id: '830571926403-p2x8k5w1q7z4m9t3r6n0b2c8v5j1h7d4.apps.googleusercontent.com',\n  client_secret: '{S}',\n  redirect_uri: `http://localhost:${Config.OAUTH_HTTP_PORT}/oauth2callback`\n};",
        "GOCSPX-[a-zA-Z0-9_\\-]{28}",
    ),
    # grafana.yml
    ("grafana", "grafana.yml#np.grafana.1", "Authorization: Bearer {S}", "eyJrIjoi[A-Za-z0-9]{71}"),
    (
        "grafana",
        "grafana.yml#np.grafana.1",
        'admin_client = GrafanaClient("{S}=", host=grafana_host, port=3000, protocol="http")',
        "eyJrIjoi[A-Za-z0-9]{75}",
    ),
    ("grafana", "grafana.yml#np.grafana.2", '  "token": "{S}"', "glc_eyJrIjoi[A-Za-z0-9]{84}"),
    (
        "grafana",
        "grafana.yml#np.grafana.3",
        "curl -H \"Authorization: Bearer {S}\" -X GET '<grafana_url>/api/access-control/user/permissions' | jq",
        "glsa_[a-zA-Z0-9]{32}_[a-f0-9]{8}",
    ),
    (
        "grafana",
        "grafana.yml#np.grafana.3",
        "// {\n//  let url=\"http://localhost:4200/api/search\"\n//  const headers = new HttpHeaders({\n//    'Content-Type': 'application/json',\n//    'Authorization': `Bearer {S}`\n//  })\n//  return this.http.get(url, {headers: headers});\n// }",
        "glsa_[a-zA-Z0-9]{32}_[a-f0-9]{8}",
    ),
    # groq.yml
    (
        "groq",
        "groq.yml#np.groq.1",
        '# Set up the client for OpenAI\nclient = OpenAI(base_url="https://api.groq.com/openai/v1/", api_key="{S}")',
        "gsk_[a-zA-Z0-9]{52}",
    ),
    (
        "groq",
        "groq.yml#np.groq.1",
        "const apiKey = '{S}'; // Replace with your actual API key",
        "gsk_[a-zA-Z0-9]{52}",
    ),
    # hashes.yml
    (
        "password-hash-md5crypt",
        "hashes.yml#np.pwhash.1",
        "{S}",
        "\\$1\\$[./A-Za-z0-9]{8}\\$[./A-Za-z0-9]{22}",
    ),
    (
        "password-hash-md5crypt",
        "hashes.yml#np.pwhash.1",
        "{S}",
        "\\$1\\$[./A-Za-z0-9]{8}\\$[./A-Za-z0-9]{22}",
    ),
    ("password-hash-bcrypt", "hashes.yml#np.pwhash.2", "{S}", "\\$2a\\$12\\$[./A-Za-z0-9]{53}"),
    ("password-hash-bcrypt", "hashes.yml#np.pwhash.2", "{S}", "\\$2a\\$05\\$[./A-Za-z0-9]{53}"),
    ("password-hash-bcrypt", "hashes.yml#np.pwhash.2", "{S}", "\\$2a\\$05\\$[./A-Za-z0-9]{53}"),
    ("password-hash-bcrypt", "hashes.yml#np.pwhash.2", "{S}", "\\$2a\\$05\\$[./A-Za-z0-9]{53}"),
    ("password-hash-bcrypt", "hashes.yml#np.pwhash.2", "{S}", "\\$2y\\$12\\$[./A-Za-z0-9]{53}"),
    (
        "password-hash-sha256crypt",
        "hashes.yml#np.pwhash.3",
        "{S}",
        "\\$5\\$rounds=5000\\$[./A-Za-z0-9]{16}\\$[./A-Za-z0-9]{43}",
    ),
    (
        "password-hash-sha256crypt",
        "hashes.yml#np.pwhash.3",
        "{S}",
        "\\$5\\$[./A-Za-z0-9]{15}\\$[./A-Za-z0-9]{43}",
    ),
    (
        "password-hash-sha256crypt",
        "hashes.yml#np.pwhash.3",
        "{S}",
        "\\$5\\$[./A-Za-z0-9]{16}\\$[./A-Za-z0-9]{43}",
    ),
    (
        "password-hash-sha512crypt",
        "hashes.yml#np.pwhash.4",
        "{S}",
        "\\$6\\$[./A-Za-z0-9]{8}\\$[./A-Za-z0-9]{86}",
    ),
    (
        "password-hash-sha512crypt",
        "hashes.yml#np.pwhash.4",
        "{S}",
        "\\$6\\$[./A-Za-z0-9]{8}\\$[./A-Za-z0-9]{86}",
    ),
    (
        "password-hash-cisco-pbkdf2",
        "hashes.yml#np.pwhash.5",
        "{S}",
        "\\$8\\$[./A-Za-z0-9]{14}\\$[./A-Za-z0-9]{43}",
    ),
    (
        "password-hash-cisco-pbkdf2",
        "hashes.yml#np.pwhash.5",
        "{S}",
        "\\$8\\$[./A-Za-z0-9]{14}\\$[./A-Za-z0-9]{43}",
    ),
    (
        "kerberos-asrep-hash",
        "hashes.yml#np.krb5.asrep.23.1",
        "{S}",
        "\\$krb5asrep\\$23\\$user@domain\\.com:\\h{32}\\$\\h{468}",
    ),
    (
        "kerberos-asrep-hash",
        "hashes.yml#np.krb5.asrep.23.1",
        "{S}",
        "\\$krb5asrep\\$23\\$\\h{32}\\$\\h{496}",
    ),
    (
        "kerberos-asrep-hash",
        "hashes.yml#np.krb5.asrep.23.1",
        "{S}",
        "\\$krb5asrep\\$23\\$\\h{32}\\$\\h{504}",
    ),
    (
        "kerberos-asrep-hash",
        "hashes.yml#np.krb5.asrep.23.1",
        "{S}",
        "\\$krb5asrep\\$23\\$\\h{32}\\$\\h{468}",
    ),
    (
        "kerberos-asrep-hash",
        "hashes.yml#np.krb5.asrep.23.1",
        "{S}",
        "\\$krb5asrep\\$23\\$user@domain\\.com:\\h{32}\\$\\h{468}",
    ),
    # hashicorp.yml
    (
        "hashicorp-vault",
        "hashicorp.yml#np.hashicorp.1",
        'VAULT_CLIENT_TOKEN="{S}"',
        "s\\.[A-Za-z0-9]{26}",
    ),
    (
        "hashicorp-vault",
        "hashicorp.yml#np.hashicorp.1",
        '`-vaultToken {S}"`',
        "s\\.[A-Za-z0-9_\\-]{102}",
    ),
    (
        "hashicorp-vault",
        "hashicorp.yml#np.hashicorp.2",
        'VAULT_CLIENT_TOKEN="{S}"',
        "b\\.[A-Za-z0-9]{26}",
    ),
    (
        "hashicorp-vault",
        "hashicorp.yml#np.hashicorp.3",
        'VAULT_CLIENT_TOKEN="{S}"',
        "r\\.[A-Za-z0-9]{26}",
    ),
    ("hashicorp-vault", "hashicorp.yml#np.hashicorp.4", "apikey: {S}", "hvs\\.[A-Za-z0-9]{37}"),
    ("hashicorp-vault", "hashicorp.yml#np.hashicorp.5", "apikey: {S}", "hvb\\.[A-Za-z0-9_\\-]{37}"),
    ("hashicorp-vault", "hashicorp.yml#np.hashicorp.5", "{S}", "hvb\\.AAAAAQ[A-Za-z0-9_\\-]{210}"),
    ("hashicorp-vault", "hashicorp.yml#np.hashicorp.6", "apikey: {S}", "hvr\\.[A-Za-z0-9]{37}"),
    (
        "hashicorp-vault-unseal-key",
        "hashicorp.yml#np.hashicorp.7",
        "Unseal Key 2: {S}",
        "[a-zA-Z0-9+/]{44}",
    ),
    (
        "hashicorp-vault-unseal-key",
        "hashicorp.yml#np.hashicorp.7",
        "oc -n vault exec -ti vault-0 -- vault operator unseal {S}",
        "[a-zA-Z0-9+/]{44}",
    ),
    # hashicorpvault.yml (the rule's only group is the prefix; the whole token is taken as the secret)
    (
        "hashicorp-vault",
        "hashicorpvault.yml#np.hashicorpvault.1",
        'VAULT_CLIENT_TOKEN="{S}"',
        "s\\.[A-Za-z0-9]{26}",
    ),
    (
        "hashicorp-vault",
        "hashicorpvault.yml#np.hashicorpvault.1",
        "apikey: {S}",
        "hvs\\.[A-Za-z0-9]{37}",
    ),
    # heroku.yml
    (
        "heroku",
        "heroku.yml#np.heroku.1",
        "  HEROKU_API_KEY: {S}",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    # http.yml
    ("http-basic-auth", "http.yml#np.http.1", "Authorization: Basic {S}", "[A-Za-z0-9+/]{26}=="),
    (
        "http-bearer-token",
        "http.yml#np.http.2",
        "GET /resource HTTP/1.1\nHost: server.example.com\nAuthorization: Bearer {S}",
        "[A-Za-z0-9_\\-]{4}\\.[A-Za-z0-9_\\-]{5}\\.[A-Za-z0-9_\\-]{4}",
    ),
    # huggingface.yml
    ("huggingface", "huggingface.yml#np.huggingface.1", 'HF_TOKEN:"{S}"', "hf_[a-zA-Z]{34}"),
    # jenkins.yml
    (
        "jenkins-token",
        "jenkins.yml#np.jenkins.1",
        "jenkins_user = 'root'\n# jenkins_passwd = '11a7c3e9f1b5d2084c6e8a0f3b7d91e5c2'  Pre token\njenkins_passwd = '{S}'   # Dev Token\njenkins_url = 'http://10.1.188.121'",
        "11\\h{32}",
    ),
    (
        "jenkins-token",
        "jenkins.yml#np.jenkins.1",
        "export JENKINS_USER=justin-admin-edit-view\nexport JENKINS_TOKEN={S}\nexport JENKINS=jenkins-cicd.apps.sno.openshiftlabs.net",
        "11\\h{32}",
    ),
    (
        "jenkins-crumb",
        "jenkins.yml#np.jenkins.1",
        "sh \"curl -X POST 'http://jenkins.lsfusion.luxsoft.by/job/${Paths.updateParentVersionsJob}/build' --user ${USERPASS} -H 'Jenkins-Crumb:{S}'\"",
        "\\h{32}",
    ),
    (
        "jenkins-token",
        "jenkins.yml#np.jenkins.1",
        '// Jenkins query token\nreadonly static string jenkinsToken = "{S}";',
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "jenkins-setup-admin-password",
        "jenkins.yml#np.jenkins.2",
        "*************************************************************\n\nJenkins initial setup is required. An admin user has been created and a password generated.\nPlease use the following password to proceed to installation:\n\n{S}\n\nThis may also be found at: /root/.jenkins/secrets/initialAdminPassword",
        "\\h{32}",
    ),
    # jina.yml
    (
        "jina",
        "jina.yml#np.jina.1",
        "JINA_KEY = os.getenv('JINA_KEY','{S}')",
        "jina_\\h{32}[a-zA-Z0-9]{28}",
    ),
    # jwt.yml
    (
        "jwt",
        "jwt.yml#np.jwt.1",
        "{S}",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\\.eyJ[a-zA-Z0-9_\\-]{49}\\.[a-zA-Z0-9_\\-]{43}",
    ),
    (
        "jwt",
        "jwt.yml#np.jwt.1",
        "NUCLEAR_SERVICES_ANON_KEY={S}",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\\.eyJ[a-zA-Z0-9_\\-]{124}\\.[a-zA-Z0-9_\\-]{43}",
    ),
    (
        "jwt-secret",
        "jwt.yml#np.jwt.2",
        'something_else: true\njwt:\n  secret: "{S}" #some comment\n  ttl: 640000 #',
        "\\h{32}",
    ),
    ("jwt-secret", "jwt.yml#np.jwt.2", 'JWT:\n  secret: "{S}"\n  exp: "50m"', "[a-z]{11}#[a-z]{7}"),
    (
        "jwt-secret",
        "jwt.yml#np.jwt.2",
        'oauthproviders:\n  jwtsecret: "{S}"',
        r"[A-Za-z0-9`'}/)(;\\\]\[&>?=@$%^_:{!#*~.,+]{76}",
    ),
    (
        "jwt-secret",
        "jwt.yml#np.jwt.3",
        "something_else: true\njwt:\n  secret: '{S}' #some comment\n  ttl: 640000 #",
        "\\h{32}",
    ),
    ("jwt-secret", "jwt.yml#np.jwt.3", "JWT:\n  Secret: '{S}'\n  exp: '50m'", "[a-z]{11}#[a-z]{7}"),
    (
        "jwt-secret",
        "jwt.yml#np.jwt.3",
        "oauthproviders:\n  jwtsecret: '{S}'",
        r'[A-Za-z0-9`"}/)(;\\\]\[&>?=@$%^_:{!#*~.,+]{76}',
    ),
    # kagi.yml
    (
        "kagi",
        "kagi.yml#np.kagi.1",
        "KAGI_API_KEY='{S}'",
        "[a-zA-Z0-9_\\-]{11}\\.[a-zA-Z0-9_\\-]{43}",
    ),
    (
        "kagi",
        "kagi.yml#np.kagi.1",
        "https://kagi.com/search?token={S}",
        "[a-zA-Z0-9_\\-]{11}\\.[a-zA-Z0-9_\\-]{43}",
    ),
    # kubernetes.yml
    (
        "kubernetes-bootstrap-token",
        "kubernetes.yml#np.kubernetes.1",
        'BOOTSTRAP_TOKEN: "{S}"',
        "[a-z0-9]{6}\\.[a-z0-9]{16}",
    ),
    (
        "kubernetes-bootstrap-token",
        "kubernetes.yml#np.kubernetes.1",
        "--tls-bootstrap-token {S}",
        "[a-z0-9]{6}\\.[a-z0-9]{16}",
    ),
    (
        "kubernetes-bootstrap-token",
        "kubernetes.yml#np.kubernetes.2",
        "# Token ID and secret. Required.\ntoken-id: 3kq9zb\ntoken-secret: {S}",
        "[a-z0-9]{16}",
    ),
    # linkedin.yml
    (
        "linkedin-client-id",
        "linkedin.yml#np.linkedin.1",
        'LINKEDIN_KEY = "{S}"\nLINKEDIN_SECRET = "Qm4xT8rWz2Kv7NbL"',
        "[a-z0-9]{14}",
    ),
    (
        "linkedin-secret-key",
        "linkedin.yml#np.linkedin.2",
        'LINKEDIN_KEY = "k4r8t1wq9z2m5x"\nLINKEDIN_SECRET = "{S}"',
        "[a-zA-Z0-9]{16}",
    ),
    # mailchimp.yml
    ("mailchimp", "mailchimp.yml#np.mailchimp.1", "MAILCHIMP_API='{S}'", "\\h{32}-us13"),
    # mailgun.yml
    (
        "mailgun",
        "mailgun.yml#np.mailgun.1",
        "var apiKey = process.env.MAILGUN_API || '{S}'",
        "key-[a-z0-9]{32}",
    ),
    # mapbox.yml
    (
        "mapbox-public-token",
        "mapbox.yml#np.mapbox.1",
        "mapboxApiKey:\n  '{S}',",
        "pk\\.eyJ1Ijoi[a-zA-Z0-9]{54}\\.[a-zA-Z0-9_\\-]{22}",
    ),
    (
        "mapbox-secret-token",
        "mapbox.yml#np.mapbox.2",
        "  //mapboxgl.accessToken = '{S}';",
        "sk\\.eyJ1Ijoi[a-zA-Z0-9]{56}\\.[a-zA-Z0-9_\\-]{22}",
    ),
    (
        "mapbox-secret-token",
        "mapbox.yml#np.mapbox.2",
        "export MAPBOX_SECRET_TOKEN={S}",
        "sk\\.eyJ1Ijoi[a-zA-Z0-9]{35}\\.[a-zA-Z0-9_\\-]{22}",
    ),
    (
        "mapbox-temporary-token",
        "mapbox.yml#np.mapbox.3",
        "  //mapboxgl.accessToken = '{S}';",
        "tk\\.eyJ1Ijoi[a-zA-Z0-9]{56}\\.[a-zA-Z0-9_\\-]{22}",
    ),
    (
        "mapbox-temporary-token",
        "mapbox.yml#np.mapbox.3",
        "export MAPBOX_SECRET_TOKEN={S}",
        "tk\\.eyJ1Ijoi[a-zA-Z0-9]{35}\\.[a-zA-Z0-9_\\-]{22}",
    ),
    # microsoft_teams.yml
    (
        "microsoft-teams-webhook",
        "microsoft_teams.yml#np.msteams.1",
        "//test //url = '{S}';",
        "https://outlook\\.office\\.com/webhook/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}@\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}/IncomingWebhook/\\h{32}/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "microsoft-teams-webhook",
        "microsoft_teams.yml#np.msteams.1",
        "    [T2`{S}`](https://outlook.office.com/webhook/3c7e1a9f-52d4-4b8e-a016-9f2d7c4e8b13%25405a1f0c3e-7d29-4e6b-b8a4-1c9e3f7d2a60/IncomingWebhook/8e4a2c6f0b1d3e5a7c9f2b4d6e8a0c1f/0b6d3f8a-2e71-4c95-8a3d-6f1e9c2b7d40)",
        "https://outlook\\.office\\.com/webhook/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}@\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}/IncomingWebhook/\\h{32}/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "microsoft-teams-webhook",
        "microsoft_teams.yml#np.msteams.1",
        r'curl -H "Content-Type: application/json" -d "{\"text\": \"Debut du script deploy.sh \"}" {S}',
        "https://outlook\\.office\\.com/webhook/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}@\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}/IncomingWebhook/\\h{32}/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "microsoft-teams-webhook",
        "microsoft_teams.yml#np.msteams.1",
        "  webhooks: {S}",
        "https://outlook\\.office\\.com/webhook/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}@\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}/IncomingWebhook/\\h{32}/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    # mongo.yml
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        'spring:\n  application:\n    name: Prince\n  data:\n    mongodb:\n      uri: "mongodb+srv://servicelogin:{S}@example-prince.mongodb.net/?retryWrites=true&w=majority"\n      database: prince',
        "[a-zA-Z0-9]{16}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@localhost",
        "[a-zA-Z0-9]{9}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@localhost/database",
        "[a-zA-Z0-9]{9}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@localhost",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@localhost/records",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb+srv://myDatabaseUser:{S}@cluster0.example.mongodb.net/?retryWrites=true&w=majority",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb+srv://myDatabaseUser:{S}@mongodb0.example.com/?authSource=admin&replicaSet=myRepl",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@mongodb0.example.com:27017,mongodb1.example.com:27017,mongodb2.example.com:27017/?authSource=admin&replicaSet=myRepl",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@localhost,localhost:27018,localhost:27019/?replicaSet=test",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@example1.com,example2.com,example3.com/?replicaSet=test&readPreference=secondary",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@router1.example.com:27017,router2.example2.com:27017,router3.example3.com:27017/",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb://myDatabaseUser:{S}@example1.com,example2.com,example3.com/?replicaSet=test&w=majority&wtimeoutMS=2000",
        "[a-zA-Z0-9]{10}%40[a-zA-Z0-9]{6}",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "var store = new MongoDBStore({\n  uri: 'mongodb+srv://somethingrotten:{S}@cluster0-q7r2t.mongodb.net/e-commerce?retryWrites=true',\n  collection: 'mySessions',\n});",
        "[a-zA-Z]{7}@\\d{5}\\)",
    ),
    (
        "mongodb-connection-string",
        "mongo.yml#np.mongodb.1",
        "mongodb+srv://hpapp:{S}@briaserver.k3m9q2x.mongodb.net/test",
        "[a-z]{4}@[a-z]{4}\\d{3}!",
    ),
    # nasa.yml
    (
        "nasa",
        "nasa.yml#np.nasa.1",
        "get('https://api.nasa.gov/planetary/earth/imagery?api_key={S}')\n  .then(function(response) {\n    // There is an issue with the image being pulled from the API, so using a different one instead\n    document.getElementsByClassName('targetImage')[0].src = \"https://api.nasa.gov/images/earth.png\";",
        "[a-zA-Z0-9]{40}",
    ),
    # netrc.yml
    (
        "netrc",
        "netrc.yml#np.netrc.1",
        "machine api.github.com login ziggy^stardust password {S}",
        "[a-z0-9]{12}",
    ),
    (
        "netrc",
        "netrc.yml#np.netrc.1",
        "```\nmachine raw.github.com\n  login visionmedia\n  password {S}\n```",
        "[a-z]{4}\\d{3}",
    ),
    (
        "netrc",
        "netrc.yml#np.netrc.1",
        '"""\nmachine api.wandb.ai\n  login user\n  password {S}\n"""',
        "\\h{40}",
    ),
    # newrelic.yml
    (
        "newrelic-license-key",
        "newrelic.yml#np.newrelic.1",
        "# Required license key associated with your New Relic account.\nlicense_key: {S}\n\n# Your application name. Renaming here affects where data displays in New",
        "\\h{36}NRAL",
    ),
    ("newrelic-license-key", "newrelic.yml#np.newrelic.1", "    license_key: {S}", "\\h{36}NRAL"),
    (
        "newrelic-license-key",
        "newrelic.yml#np.newrelic.1",
        "        license: {S}",
        "eu01xx\\h{30}NRAL",
    ),
    (
        "newrelic-license-key",
        "newrelic.yml#np.newrelic.2",
        "# Required license key associated with your New Relic account.\nlicense_key: {S}\n\n# Your application name. Renaming here affects where data displays in New",
        "\\h{40}",
    ),
    (
        "newrelic-user-api-key",
        "newrelic.yml#np.newrelic.3",
        "  PS> Get-NR1Catalog -PersonalAPIKey '{S}'",
        "NRAK-[A-Z0-9]{27}",
    ),
    (
        "newrelic-user-api-key",
        "newrelic.yml#np.newrelic.3",
        '                placeholder="e.g: {S}">',
        "NRAK-[A-Z0-9]{27}",
    ),
    (
        "newrelic-user-api-key",
        "newrelic.yml#np.newrelic.3",
        'ENV NODE_ENV "production"\nENV PORT 8079\n#ENV NEW_RELIC_LICENSE_KEY={S}',
        "NRAK-[A-Z0-9]{27}",
    ),
    ("newrelic-admin-api-key", "newrelic.yml#np.newrelic.4", "admin_access:{S}", "NRAA-\\h{27}"),
    (
        "newrelic-insights-insert-key",
        "newrelic.yml#np.newrelic.5",
        '                    insertKey: "{S}")',
        "NRII-[a-zA-Z0-9_\\-]{32}",
    ),
    (
        "newrelic-insights-insert-key",
        "newrelic.yml#np.newrelic.5",
        ' "Api-Key": "{S}"',
        "NRII-[a-zA-Z0-9_\\-]{32}",
    ),
    (
        "newrelic-insights-query-key",
        "newrelic.yml#np.newrelic.6",
        '  "querykey": "{S}",',
        "NRIQ-[a-zA-Z0-9_\\-]{32}",
    ),
    (
        "newrelic-rest-api-key",
        "newrelic.yml#np.newrelic.7",
        'curl -X POST "https://api.newrelic.com/v2/applications/380836898/deployments.json" \\\n     -H "X-Api-Key:{S}" \\\n     -i \\\n     -H "Content-Type: application/json" \\\n     -d "{ \\"deployment\\": { \\"revision\\": \\"${rev}\\" }}"',
        "NRRA-\\h{42}",
    ),
    (
        "newrelic-pixie-api-key",
        "newrelic.yml#np.newrelic.8",
        "MW_PX_DEPLOY_KEY=px-dep-7b3e9c1a-4f2d-4e86-a05b-9d1c6e3f8a27 MW_PX_API_KEY={S}",
        "px-api-\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "newrelic-pixie-deploy-key",
        "newrelic.yml#np.newrelic.9",
        "MW_PX_DEPLOY_KEY={S} MW_PX_API_KEY=px-api-2e8a4c6f-9b1d-4a73-8e5c-0f7b3d9a1c64",
        "px-dep-\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    # npm.yml
    ("npm", "npm.yml#np.npm.1", "{S}", "npm_[A-Za-z0-9]{36}"),
    # nuget.yml
    (
        "nuget",
        "nuget.yml#np.nuget.1",
        "nuget push %filename% {S} -Source https://api.nuget.org/v3/index.json",
        "oy2[a-z0-9]{43}",
    ),
    (
        "nuget",
        "nuget.yml#np.nuget.1",
        'find . -name "*.nupkg"|xargs -I {} dotnet nuget push "{}"  --api-key  {S}  -s https://api.nuget.org/v3/index.json --skip-duplicate',
        "oy2[a-z0-9]{43}",
    ),
    # odbc.yml
    (
        "odbc-connection-string",
        "odbc.yml#np.odbc.1",
        r"//Database Info\r\n\t\t\t\t\t$host = \"localhost\";\r\n\t\t\t\t\t$database = \"NHOHVA\";\r\n\t\t\t\t\t$user = \"mg1021\";              $password = \"{S}\";",
        "[a-z]{8}",
    ),
    (
        "odbc-connection-string",
        "odbc.yml#np.odbc.1",
        r"//Database Info\r\n\t\t\t\t\t$host = \"localhost\";\r\n\t\t\t\t\t$database = \"NHOHVA\";\r\n\t\t\t\t\t$user = \"mg1021\";              $password = {S};",
        "[a-z]{8}",
    ),
    (
        "odbc-connection-string",
        "odbc.yml#np.odbc.1",
        '    adoConn.Open("Provider=SQLOLEDB.1;User ID=specialbill_user; " & "Password ={S};Initial Catalog=SpecialBill_PROD;Data Source=uszdba01;")',
        "[a-zA-Z0-9_]{16}",
    ),
    (
        "odbc-connection-string",
        "odbc.yml#np.odbc.1",
        r'<add name="DevQATrucks" connectionString="Server=hookupsqlqa1\gpkqa; Database=YogurtDelay: User Id=kmwulfliq; password= {S}" providerName="System.Data.SqlClient" />',
        "[a-zA-Z0-9!_=]{16}",
    ),
    # okta.yml
    ("okta", "okta.yml#np.okta.1", "okta_api_token = {S}", "00[a-zA-Z0-9_\\-]{39}[a-zA-Z0-9]"),
    ("okta", "okta.yml#np.okta.1", 'OKTA_API_KEY = "{S}"', "00[a-zA-Z0-9_\\-]{39}[a-zA-Z0-9]"),
    ("okta", "okta.yml#np.okta.1", "okta_secret:  {S}", "00[a-zA-Z0-9_\\-]{39}[a-zA-Z0-9]"),
    ("okta", "okta.yml#np.okta.1", "Authorization: SSWS {S}", "00[a-zA-Z0-9_\\-]{39}[a-zA-Z0-9]"),
    (
        "okta",
        "okta.yml#np.okta.1",
        'variable "corp_okta_api_token" {\n  default = "{S}"\n}',
        "00[a-zA-Z0-9_\\-]{39}[a-zA-Z0-9]",
    ),
    # openai.yml
    (
        "openai",
        "openai.yml#np.openai.1",
        "curl https://api.openai.com/v1/images/generations  -H 'Content-Type: application/json'  -H \"Authorization: Bearer {S}\"",
        "sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}",
    ),
    # particle.io.yml
    (
        "particle-io",
        "particle.io.yml#np.particleio.1",
        'curl https://api.particle.io/v1/devices \\\n-H "Authorization: Bearer {S}"',
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.1",
        "curl https://api.particle.io/v1/devices \\\n-d access_token={S}",
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.1",
        'curl https://api.particle.io/v1/devices -H "Authorization: Bearer {S}"',
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.1",
        "curl https://api.particle.io/v1/devices -d access_token={S}",
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.1",
        'curl "https://api.particle.io/v1/devices/events?access_token={S}"',
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.1",
        'curl "https://api.particle.io/v1/access_tokens/current?access_token={S}"',
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.2",
        'curl -H "Authorization: Bearer {S}" \\\nhttps://api.particle.io/v1/devices',
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.2",
        "curl -d access_token={S} \\\nhttps://api.particle.io/v1/devices",
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.2",
        'curl -H "Authorization: Bearer {S}" https://api.particle.io/v1/devices',
        "[a-zA-Z0-9]{40}",
    ),
    (
        "particle-io",
        "particle.io.yml#np.particleio.2",
        "curl -d access_token={S} https://api.particle.io/v1/devices",
        "[a-zA-Z0-9]{40}",
    ),
    # pem.yml (one body line is the drawn secret; the other body lines are invented)
    (
        "private-key",
        "pem.yml#np.pem.1",
        "-----BEGIN RSA PRIVATE KEY-----\n6Y1UEdltSAVSy6q4UuHmOmivEJ/t2ZCdUUBCi++Do61rnFuiW/XJGnrHsnUlR23xeiUcFz\n{S}\nXDqcFvAbNFjlzhKr6Dgmn6MSmQkA78JP06rbM0tRuVsLvkpTA2gwgpCWu8GVLsxaKRYDfD\nOCYkjeAiW2wtKhv0jfLWP8zRnjsy1qwcSrPPTTTWi2MGwN6vt56KwqNj+ySdWTLXWdbCDe\nYUEwfMGdNQzEEWJU0tiF/PCX3VGIxBAUSabXChJtp4nMEtFre/pvpmWMGnPbpzxoJe2za5\npOWljtD9UA5QHFOHoqYGM6kBVB6pP0lm8IWO1KV6LvgB\n-----END RSA PRIVATE KEY-----",
        "[a-zA-Z0-9+/]{70}",
    ),
    (
        "private-key",
        "pem.yml#np.pem.1",
        '"-----BEGIN RSA PRIVATE KEY-----" +\n"6Y1UEdltSAVSy6q4UuHmOmivEJ/t2ZCdUUBCi++Do61rnFuiW/XJGnrHsnUlR23xeiUcFz" +\n"{S}" +\n"XDqcFvAbNFjlzhKr6Dgmn6MSmQkA78JP06rbM0tRuVsLvkpTA2gwgpCWu8GVLsxaKRYDfD" +\n"OCYkjeAiW2wtKhv0jfLWP8zRnjsy1qwcSrPPTTTWi2MGwN6vt56KwqNj+ySdWTLXWdbCDe" +\n"pOWljtD9UA5QHFOHoqYGM6kBVB6pP0lm8IWO1KV6LvgB" +\n"-----END RSA PRIVATE KEY-----"',
        "[a-zA-Z0-9+/]{70}",
    ),
    (
        "private-key",
        "pem.yml#np.pem.1",
        r'"-----BEGIN RSA PRIVATE KEY-----\r\n6Y1UEdltSAVSy6q4UuHmOmivEJ/t2ZCdUUBCi++Do61rnFuiW/XJGnrHsnUlR23xeiUcFz\r\n{S}\r\nXDqcFvAbNFjlzhKr6Dgmn6MSmQkA78JP06rbM0tRuVsLvkpTA2gwgpCWu8GVLsxaKRYDfD\r\nOCYkjeAiW2wtKhv0jfLWP8zRnjsy1qwcSrPPTTTWi2MGwN6vt56KwqNj+ySdWTLXWdbCDe\r\nYUEwfMGdNQzEEWJU0tiF/PCX3VGIxBAUSabXChJtp4nMEtFre/pvpmWMGnPbpzxoJe2za5\r\npOWljtD9UA5QHFOHoqYGM6kBVB6pP0lm8IWO1KV6LvgB\r\n-----END RSA PRIVATE KEY-----"',
        "[a-zA-Z0-9+/]{70}",
    ),
    (
        "private-key-base64",
        "pem.yml#np.pem.2",
        "PRIVATE_KEY_B64={S}",
        "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlF[a-zA-Z0-9+/]{2176}",
    ),
    (
        "private-key-base64",
        "pem.yml#np.pem.2",
        '    "privateKey": "{S}",',
        "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlF[a-zA-Z0-9+/]{2216}Cg==",
    ),
    # phpmailer.yml
    (
        "phpmailer",
        "phpmailer.yml#np.phpmailer.1",
        "    $mail = new PHPMailer;\n    $mail->isSMTP();                                      // Set mailer to use SMTP\n    $mail->Host = 'smtp.gmail.com';  // Specify main and backup SMTP servers\n    $mail->SMTPAuth = true;                               // Enable SMTP authentication\n    $mail->SMTPSecure = 'tls';                            // Enable encryption, 'ssl' also accepted\n    $mail->Username = 'ersatz.technologies@example.com';                 // SMTP username\n\n    $mail->Password = '{S}';                           // SMTP password",
        "[a-zA-Z0-9!#%*]{13}",
    ),
    # postgres.yml .. rubygems.yml
    (
        "postgres-connection-uri",
        "postgres.yml#np.postgres.1",
        '"REDSHIFT": "postgres://spot_app:{S}@calling-mr-bones.x7k2m9q4r1tz.us-east-1.redshift.amazonaws.com:5439/datalakespotprod",',
        "[A-Z][a-z]{3}\\d{4}",
    ),
    (
        "postman",
        "postman.yml#np.postman.1",
        "// ('x-api-key', '{S}')",
        "PMAK-[a-zA-Z0-9]{24}-[a-zA-Z0-9]{34}",
    ),
    (
        "postmark",
        "postmark.yml#np.postmark.1",
        'postmark: "{S}",',
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "postmark",
        "postmark.yml#np.postmark.1",
        "postmark: {\n  fromEmail: '...@....com', // must be verified with postmarkapp.com\n  postmarkApiToken: '{S}', // our account token\n},",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "postmark",
        "postmark.yml#np.postmark.1",
        'headers: {\n  Accept: "application/json",\n  "Content-Type": "application/json",\n  "X-Postmark-Server-Token": "{S}",\n},',
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "psexec",
        "psexec.yml#np.psexec.1",
        "cmd.exe /C PSEXEC \\\\10.0.94.120 -u Administrator -p {S} CMD /C ECHO",
        "[a-zA-Z0-9_]{9}",
    ),
    (
        "psexec",
        "psexec.yml#np.psexec.1",
        'system("psexec \\\\\\\\192.168.3.77 -u Administrator -p {S} shutdown -r -f -t 0");',
        "[a-z]{7}",
    ),
    ("pypi", "pypi.yml#np.pypi.1", "# password = {S}", "pypi-AgEIcHlwaS5vcmc[a-zA-Z0-9_\\-]{152}"),
    (
        "pypi",
        "pypi.yml#np.pypi.1",
        "- name: Publish package\nuses: pypa/gh-action-pypi-publish@27b31702a0e7fc50959f5ad993c78deac1bdfc29\nwith:\n  user: santoshp\n  password: ${{ secrets.{S}}}",
        "pypi-AgEIcHlwaS5vcmc[a-zA-Z0-9_\\-]{179}",
    ),
    ("pypi", "pypi.yml#np.pypi.1", "password: {S}", "pypi-AgEIcHlwaS5vcmc[a-zA-Z0-9_\\-]{199}"),
    (
        "pyx",
        "pyx.yml#np.pyx.1",
        'client.auth = httpx.BasicAuth(\n    username="__token__", password="{S}"\n)',
        "sk-pyx-[a-zA-Z0-9]{64}",
    ),
    (
        "pyx",
        "pyx.yml#np.pyx.2",
        'client.auth = httpx.BasicAuth(\n    username="__token__", password="{S}"\n)',
        "sk-pyx-2[a-zA-Z]{45}",
    ),
    (
        "pyx",
        "pyx.yml#np.pyx.3",
        'client.auth = httpx.BasicAuth(\n    username="__token__", password="{S}"\n)',
        "tp-pyx-[a-zA-Z0-9]{64}",
    ),
    (
        "pyx",
        "pyx.yml#np.pyx.4",
        'client.auth = httpx.BasicAuth(\n    username="__token__", password="{S}"\n)',
        "tp-pyx-2[a-zA-Z]{45}",
    ),
    ("react-app-username", "react.yml#np.reactapp.1", "# REACT_APP_GUEST_USERNAME={S}", "[a-z]{5}"),
    ("react-app-username", "react.yml#np.reactapp.1", "# REACT_APP_USER={S}", "[a-z]{8}"),
    ("react-app-username", "react.yml#np.reactapp.1", "REACT_APP_AUTH_USER={S}", "[a-z]{8}"),
    ("react-app-username", "react.yml#np.reactapp.1", "REACT_APP_AUTH_USERNAME={S}", "[a-z]{5}"),
    (
        "react-app-username",
        "react.yml#np.reactapp.1",
        "    REACT_APP_AUTH_USERNAME={S}    # some comment",
        "[a-z]{5}",
    ),
    (
        "react-app-password",
        "react.yml#np.reactapp.2",
        "# REACT_APP_GUEST_PASSWORD={S}",
        "[a-z]{6}!\\d",
    ),
    ("react-app-password", "react.yml#np.reactapp.2", "# REACT_APP_PASS={S}", "[a-z]{9}"),
    ("react-app-password", "react.yml#np.reactapp.2", "REACT_APP_AUTH_PASS={S}", "[a-z]{9}"),
    ("react-app-password", "react.yml#np.reactapp.2", "REACT_APP_AUTH_PASSWORD={S}", "[a-z]{9}"),
    (
        "react-app-password",
        "react.yml#np.reactapp.2",
        "    REACT_APP_AUTH_PASSWORD={S}    # some comment",
        "[a-z]{9}",
    ),
    (
        "rubygems",
        "rubygems.yml#np.rubygems.1",
        "$ curl -H 'Authorization:{S}' \\\n       https://rubygems.org/api/v1/web_hooks.json",
        "rubygems_\\h{48}",
    ),
    ("salesforce", "salesforce.yml#np.salesforce.1", "{S}", "00D[a-zA-Z0-9]{12}![a-zA-Z0-9._]{96}"),
    (
        "salesforce",
        "salesforce.yml#np.salesforce.1",
        "=== Org Description\nKEY               VALUE\n────────────────  ────────────────────────────────────────────────────────────────────────────────────────────────────────────────\nAccess Token      {S}\nClient Id         PlatformCLI\nConnected Status  Connected\nInstance Url      https://MyDomainName.my.salesforce.com",
        "00D[a-zA-Z0-9]{12}![a-zA-Z0-9._]{96}",
    ),
    (
        "sauce",
        "sauce.yml#np.sauce.1",
        "- SAUCE_USERNAME=vitess\n- SAUCE_ACCESS_KEY={S}\n- SAUCE_ACCESS_KEY=7c1e9a4f-3b2d-4e8a-9f6c-2d5b8e1a7c3-",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    ("segment", "segment.yml#np.segment.1", '"token": "{S}"', "sgp_[a-zA-Z0-9]{64}"),
    (
        "sendgrid",
        "sendgrid.yml#np.sendgrid.1",
        "      'SENDGRID_API_KEYSID': '{S}'",
        "SG\\.[0-9A-Za-z_\\-]{22}\\.[0-9A-Za-z_\\-]{43}",
    ),
    (
        "sendgrid",
        "sendgrid.yml#np.sendgrid.1",
        "var sendgrid = require('sendgrid')('{S}');",
        "SG\\.[0-9A-Za-z_\\-]{22}\\.[0-9A-Za-z_\\-]{43}",
    ),
    ("shopify-domain", "shopify.yml#np.shopify.1", "{S}", "[a-z]{16}\\.myshopify\\.com"),
    ("shopify-domain", "shopify.yml#np.shopify.1", "{S}", "store\\.[a-z]{16}\\.myshopify\\.com"),
    (
        "shopify",
        "shopify.yml#np.shopify.2",
        "SHOPIFY_API_KEY='4b9e2c7a1f8d3e6b0a5c9f2d7e1b4a83'\nSHOPIFY_API_SECRET_KEY='{S}'",
        "shpss_\\h{32}",
    ),
    (
        "shopify",
        "shopify.yml#np.shopify.2",
        "SHOPIFY_API_KEY: 9d3f7a1c5e2b8d4f6a0c3e7b1d5f9a2c\nSHOPIFY_API_SECRET: {S}",
        "shpss_\\h{32}",
    ),
    (
        "shopify",
        "shopify.yml#np.shopify.3",
        "include('layouts/header.php');\n$shop = $_GET['shop'];\n$token = \"{S}\";\n$query = array(",
        "shpat_\\h{32}",
    ),
    (
        "shopify",
        "shopify.yml#np.shopify.4",
        "const TEMP_CONTENT = '{S} handsomestranger.myshopify.com'",
        "shpca_\\h{32}",
    ),
    ("shopify", "shopify.yml#np.shopify.5", "SHOP_PASSWORD={S}", "shppa_\\h{32}"),
    (
        "slack-bot-token",
        "slack.yml#np.slack.2",
        "SLACK_API_TOKEN={S}",
        "xoxb-\\d{12}-\\d{12}-[a-zA-Z0-9]{24}",
    ),
    (
        "slack-bot-token",
        "slack.yml#np.slack.2",
        "REM SET SLACK_TOKEN={S}",
        "xoxb-\\d{11}-\\d{12}-[a-zA-Z0-9]{24}",
    ),
    (
        "slack-user-token",
        "slack.yml#np.slack.4",
        'python log_announce.py {S} "This is a test run. Ignore"',
        "xoxp-\\d{12}-\\d{12}-\\d{12}-\\h{32}",
    ),
    (
        "slack-user-token",
        "slack.yml#np.slack.4",
        'curl -X POST -H "Content-type: application/json" -H "Authorization: Bearer {S}" --data @data.json https://wirecard-issuing.slack.com/api/chat.postMessage',
        "xoxp-\\d{12}-\\d{12}-\\d{12}-\\h{32}",
    ),
    (
        "slack-user-token",
        "slack.yml#np.slack.4",
        '\turl := "https://slack.com/api/channels.history?token={S}&channel=C4D8D3XMX&count=1&pretty=1"',
        "xoxp-\\d{12}-\\d{12}-\\d{12}-\\h{32}",
    ),
    (
        "slack-app-token",
        "slack.yml#np.slack.5",
        'ENV SLACK_TOKEN="{S}" \\',
        "xapp-\\d{12}-[a-zA-Z0-9/+]{24}",
    ),
    (
        "slack-bot-token",
        "slack.yml#np.slack.6",
        "this is the api token to connect to the bot user\n\n{S}",
        "xoxb-\\d{12}-[a-zA-Z0-9]{24}",
    ),
    (
        "slack-bot-token",
        "slack.yml#np.slack.6",
        'def send_slack_notification(message):\n    token = "{S}"',
        "xoxb-\\d{11}-[a-zA-Z0-9]{24}",
    ),
    (
        "slack-webhook",
        "slack.yml#np.slack.3",
        "#notifications_marcus: {S}",
        "https://hooks\\.slack\\.com/services/T[A-Z0-9]{8}/B[A-Z0-9]{8}/[a-zA-Z0-9]{24}",
    ),
    (
        "slack-webhook",
        "slack.yml#np.slack.3",
        '// Import and Configure Console.Slack (Thanks David <3)\n// const slack = require(\'console-slack\');\n// slack.options = {\n//   webhook : "{S}",\n//   username: "console.slack.bot",\n//   emoji : ":trollface:",\n//   channel : "#payx-logs"\n// };',
        "https://hooks\\.slack\\.com/services/T[A-Z0-9]{8}/B[A-Z0-9]{8}/[a-zA-Z0-9]{24}",
    ),
    (
        "sonarqube",
        "sonarqube.yml#np.sonarqube.1",
        "sonar.host.url=https://sonarcloud.io -Dsonar.login={S}",
        "\\h{40}",
    ),
    ("sonarqube", "sonarqube.yml#np.sonarqube.1", "sonar.login', '{S}", "\\h{40}"),
    ("sonarqube", "sonarqube.yml#np.sonarqube.1", '$sonarLogin = "{S}"', "\\h{40}"),
    (
        "sourcegraph",
        "sourcegraph.yml#np.sourcegraph.1",
        "  sourcegraph access token {S}<br/>",
        "sgp_\\h{16}_\\h{40}",
    ),
    ("sourcegraph", "sourcegraph.yml#np.sourcegraph.1", "  access token {S}", "sgp_\\h{40}"),
    ("sourcegraph", "sourcegraph.yml#np.sourcegraph.1", "  access token {S}", "sgp_local_\\h{40}"),
    (
        "sourcegraph",
        "sourcegraph.yml#np.sourcegraph.1",
        "var applicationId = 'x-sourcegraph-token';\nvar accessToken = '{S}';",
        "sgp_\\h{16}_\\h{40}",
    ),
]
LOOKALIKES: list[tuple[str, str]] = [
    # aws.yml
    ("aws.yml#np.aws.1", "A3T0ABCDEFGHIJKLMNO"),
    ("aws.yml#np.aws.1", "A3T0ABCDEFGHIjklmnop"),
    ("aws.yml#np.aws.1", "======================"),
    ("aws.yml#np.aws.1", "//////////////////////"),
    ("aws.yml#np.aws.1", "++++++++++++++++++++++"),
    ("aws.yml#np.aws.2", '"aws_secret_access_key" =  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaend'),
    (
        "aws.yml#np.aws.2",
        '"aws_secret_access_key" =  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaendbbbbbbb',
    ),
    ("aws.yml#np.aws.2", '"aws_sEcReT_key"  =  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaend'),
    ("aws.yml#np.aws.2", "======================"),
    ("aws.yml#np.aws.2", "//////////////////////"),
    ("aws.yml#np.aws.2", "++++++++++++++++++++++"),
    ("aws.yml#np.aws.3", "======================"),
    ("aws.yml#np.aws.3", "//////////////////////"),
    ("aws.yml#np.aws.3", "++++++++++++++++++++++"),
    ("aws.yml#np.aws.4", "======================"),
    ("aws.yml#np.aws.4", "//////////////////////"),
    ("aws.yml#np.aws.4", "++++++++++++++++++++++"),
    ("aws.yml#np.s3.1", ".s3.amazonaws.com"),
    ("aws.yml#np.s3.1", "s3.amazonaws.com"),
    ("aws.yml#np.s3.2", ".s3.amazonaws.com"),
    ("aws.yml#np.s3.2", "s3.amazonaws.com"),
    ("aws.yml#np.s3.2", "s3.amazonaws.com/"),
    ("aws.yml#np.arn.1", 'return f"arn:aws:s3:::{bucket_name}"'),
    ("aws.yml#np.arn.1", 'return f"arn:aws:s3:::${bucket_name}"'),
    # azure.yml
    (
        "azure.yml#np.azure.1",
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;EndpointSuffix=ai.contoso.com;",
    ),
    (
        "azure.yml#np.azure.1",
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://custom.com:111/;LiveEndpoint=https://custom.com:222/;ProfilerEndpoint=https://custom.com:333/;SnapshotEndpoint=https://custom.com:444/;",
    ),
    (
        "azure.yml#np.azure.1",
        'let accountName = "";\nlet accountKey = Buffer.from("accountKey", "base64");',
    ),
    ("azure.yml#np.azure.1", "let accountName = $accountName;\nlet accountKey = $accountKey;"),
    ("azure.yml#np.azure.1", "AccountName=<YOUR_ACCOUNT_NAME>;\nAccountKey=<YOUR_ACCOUNT_KEY>;"),
    ("azure.yml#np.azure.1", "AccountName=X;AccountKey=X;"),
    ("azure.yml#np.azure.1", "AccountName={2};AccountKey={3};"),
    (
        "azure.yml#np.azure.1",
        "SharedAccessKeyName=[Shared Access Key Name goes here];SharedAccessKey=[Shared Access key goes here];",
    ),
    (
        "azure.yml#np.azure.2",
        "text:\n  az appconfig feature delete --connection-string Endpoint=https://contoso.azconfig.io;Id=xxx;Secret=xxx --feature color --label MyLabel",
    ),
    # databricks.yml
    (
        "databricks.yml#np.databricks.1",
        "    dapiDataGetTopLongShortPositionRatio (params?: {}): Promise<implicitReturnType>;",
    ),
    # generic.yml
    (
        "generic.yml#np.generic.2",
        'name="ws_plugin__s2member_amazon_s3_comp_files_access_key" id="ws-plugin--s2member-amazon-s3-comp-files-access-key"',
    ),
    (
        "generic.yml#np.generic.3",
        "USERNAME=donjuan\nPASSWORD=$($(dirname $0)/../bin/get-django-setting LOCAL_DATABASE_PASSWORD)",
    ),
    (
        "generic.yml#np.generic.3",
        ":authn_dbd_params => 'host=db_host port=3306 user=apache password=###### dbname=apache_auth',",
    ),
    (
        "generic.yml#np.generic.3",
        '#if DEBUG\n          string backend_host = "amazon-subdomain-for-database.string.us-east-1.rds.amazonaws.com";\n          string backend_user = "root";\n          string backend_pass = "XXXXXXXXXXXXX";\n          string backend_db = "database_db";\n          string backend_port = "1234";',
    ),
    # listed upstream as a positive, but the "password" is a mask
    (
        "generic.yml#np.generic.4",
        ":authn_dbd_params => 'host=db_host port=3306 user=apache password=###### dbname=apache_auth',",
    ),
    # listed upstream as positives, but the password is a word placeholder
    (
        "generic.yml#np.generic.4",
        "[SupportSite]\nUsername=thisismyunsername\nPassword=thisismypassword",
    ),
    (
        "generic.yml#np.generic.4",
        "[HELP_CLIENT]\nAUTO_SESSION_USERNAME=myusername\nAUTO_SESSION_PASSWORD=mypassword",
    ),
    (
        "generic.yml#np.generic.4",
        "username = env.PERKEEP_TEST_USERNAME\npassword = env.PERKEEP_TEST_PASSWORD",
    ),
    # listed upstream as positives: a string prefix, and word placeholders
    (
        "generic.yml#np.generic.5",
        'String usernamePassword = "application:" + appKey + ":" + appSecret;',
    ),
    (
        "generic.yml#np.generic.5",
        '"ApplicationServicesConnection" : {\n    "ServiceAddress" : "https://services-dev.examples.com",\n    "AdminPassword" : "thisismypassword"\n}',
    ),
    (
        "generic.yml#np.generic.5",
        'private const string DevFolkoosComPfxPassword = "thisismypassword";',
    ),
    ("generic.yml#np.generic.5", '"password": "YOURPASSWROD"'),
    (
        "generic.yml#np.generic.5",
        'sb.append("MasterUserPassword: " + getMasterUserPassword() + ",");',
    ),
    ("generic.yml#np.generic.5", 'export PGPASSWORD="$gdcapi_db_password"'),
    (
        "generic.yml#np.generic.5",
        'define wget::authfetch($source,$destination,$user,$password="",$timeout="0",$verbose=false) {',
    ),
    (
        "generic.yml#np.generic.5",
        "- echo 'export DATABASE_PASSWORD=\"'$PRECOMPILE_PASSWORD'\"' >> .env",
    ),
    (
        "generic.yml#np.generic.5",
        '"/en/enterprise/3.0/authentication/keeping-your-account-and-data-secure/creating-a-strong-password":"/en/enterprise-server@3.0/auth"',
    ),
    ("generic.yml#np.generic.5", '"password": "&lt;YOURPASSWROD&gt;"'),
    (
        "generic.yml#np.generic.5",
        "as: 'cms_user_password'\n  get '/passwords/:id/edit' => \"cms/sites/passwords#edit\", as: 'edit_password'\n  put '/forgot-password' => \"cms/sites/passwords#update\", as: 'update_password'\nend",
    ),
    (
        "generic.yml#np.generic.5",
        'IAMUserChangePassword = "arn:aws:iam::aws:policy/IAMUserChangePassword"',
    ),
    ("generic.yml#np.generic.5", 'this.addPassword = "#add-password";'),
    (
        "generic.yml#np.generic.6",
        "beta => {\n  host            => 'foo.example.com',\n  user            => 'joe',\n  password        => 'thisismypassword',\n}",
    ),
    ("generic.yml#np.generic.6", r"""echo 'password = '.$p['config']['daemon_password']."\n";"""),
    (
        "generic.yml#np.generic.6",
        'usernameLabel:"Username or email:",passwordLabel:"Password:",rememberMeLabel:"Remember me:"',
    ),
    ("generic.yml#np.generic.6", "this.addPassword = '#add-password';"),
    (
        "generic.yml#np.generic.8",
        r'$domain = New-Object DirectoryServices.DirectoryEntry("LDAP://10.10.10.1","domain\user", "secret")',
    ),
    # google.yml
    ("google.yml#np.gcs.1", "https://storage.googleapis.com"),
    # gradle.yml: every upstream example holds a placeholder, not a password
    ("gradle.yml#np.gradle.1", "credentials {\n    username 'user'\n    password 'password'\n}"),
    (
        "gradle.yml#np.gradle.1",
        'publishing {\n  repositories {\n      maven {\n          url "http://us01cmsysart01.example.com:8081/artifactory/Mobile-Libs-Internal"\n          credentials {\n              // your password here\n\n              username "SOME_USERNAME"\n              password "SOME_PASSWORD"\n          }\n      }\n  }',
    ),
    ("gradle.yml#np.gradle.1", "credentials {\n  username 'user'\n  password 'password'\n}"),
    ("gradle.yml#np.gradle.1", 'credentials {\n  username "user"\n  password "password"\n}'),
    # hashicorp.yml
    ("hashicorp.yml#np.hashicorp.1", "function(){s.addComponentsFromRegistry()}"),
    (
        "hashicorp.yml#np.hashicorp.1",
        "this._emitEOFToken()):(this._err(s.unexpectedCharacterAfterDoctypeSystemIdentifier)",
    ),
    (
        "hashicorp.yml#np.hashicorp.1",
        "// TODO: ServerAddressByClientCIDRs: s.getServerAddressByClientCIDRs(req.Request),",
    ),
    ("hashicorp.yml#np.hashicorp.2", "b.removeTransientObservers()"),
    ("hashicorp.yml#np.hashicorp.3", "r.addComponentsFromRegistry()"),
    # heroku.yml
    (
        "heroku.yml#np.heroku.1",
        "curl https://kolkrabbi.heroku.com/apps/98fc74a8-ff56-4a21-85f6-7a1fcac895c9/github/push \\",
    ),
    # jenkins.yml
    (
        "jenkins.yml#np.jenkins.1",
        "1. ~~Does not play well with [Build Token Root Plugin](https://wiki.jenkins-ci.org/display/JENKINS/Build+Token+Root+Plugin) URL formats.~~ (added with [this commit](https://github.com/morficus/Parameterized-Remote-Trigger-Plugin/commit/f687dbe75d1c4f39f7e14b68220890384d7c5674)  )",
    ),
    # jwt.yml
    ("jwt.yml#np.jwt.1", 'it "sets the relation to nil" do\n  eye.eyeable.should be_nill\nend'),
    # kubernetes.yml
    ("kubernetes.yml#np.kubernetes.1", "abcdef.0123456789abcdef"),
    # linkedin.yml: listed upstream as a positive, but the match is prose (a FIXME says so)
    (
        "linkedin.yml#np.linkedin.1",
        "Email IDÂ Last 5 Digits of your SSNÂ LinkedIn IDÂ Availability",
    ),
    # newrelic.yml
    ("newrelic.yml#np.newrelic.1", "    license_key: xxxxxxxxxxxxxxx"),
    (
        "newrelic.yml#np.newrelic.1",
        " --set global.licenseKey=a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8NRAL `",
    ),
    ("newrelic.yml#np.newrelic.2", "license_key: '<%= ENV[\"NEW_RELIC_LICENSE_KEY\"] %>'"),
    (
        "newrelic.yml#np.newrelic.8",
        " --set newrelic-pixie.apiKey=px-api-a1b2c3d4-e5f6-g7h8-i8j0-k0l3m3n4o0p5 `",
    ),
    (
        "newrelic.yml#np.newrelic.9",
        " --set pixie-chart.deployKey=px-dep-d4c3b2a1-f6e5-h8g7-j1i8-p5o0n5m3l2k1 `",
    ),
    # odbc.yml: listed upstream as positives, but the password is a placeholder or a reference
    (
        "odbc.yml#np.odbc.1",
        "Server=host;Port=5432;User Id=username;Password=secret;Database=databasename;",
    ),
    (
        "odbc.yml#np.odbc.1",
        "Server=host;Port=5432;SomeOtherKey=SomeOtherValue;User Id=username;Password=secret;Database=databasename;",
    ),
    (
        "odbc.yml#np.odbc.1",
        "Data Source=190.190.200.100,1433;Network Library=DBMSSOCN;Initial Catalog=myDataBase;User ID=myUsername;Password=myPassword;",
    ),
    (
        "odbc.yml#np.odbc.1",
        "Data Source=190.190.200.100,1433;Network_library=DBMSSOCN;Initial Catalog=myDataBase;User ID=myUsername;Password=myPassword;",
    ),
    (
        "odbc.yml#np.odbc.1",
        "Provider=SQLNCLI;Server=myServerName,myPortNumber;Database=myDataBase;Uid=myUsername;Pwd=myPassword;",
    ),
    (
        "odbc.yml#np.odbc.1",
        "\"driver={SQL Server};server=(#{datastore['DBHOST']});database=#{datastore['DBNAME']};uid=#{datastore['DBUID']};pwd=#{datastore['DBPASSWORD']}\"",
    ),
    ("odbc.yml#np.odbc.1", "def login(self, user = '', password = '', domain = ''):"),
    (
        "odbc.yml#np.odbc.1",
        'if datastore[\'VERBOSE\']\n      text  = \'\'\n      text << "User=#{username}, "\n      text << "Password=#{password}, "\n      text << "Domain=#{domain}, "\n      text << "Full Name=#{full_name}, "\n      text << "E-mail=#{e_mail}"\n      print_good(text)',
    ),
    (
        "odbc.yml#np.odbc.1",
        "if (len < ulen + wlen + 2)\n  break;\nuser = (char *) (p + 1);\npwd = (char *) (p + ulen + 2);\np += ulen + wlen + 2;",
    ),
    (
        "odbc.yml#np.odbc.1",
        '/* Set default values */\nserver = xmalloc(sizeof(*server));\nserver->user = "anonymous";\nserver->password = "busybox@";',
    ),
    (
        "odbc.yml#np.odbc.1",
        'System.out.println("Here we go...");\n          String url = "jdbc:msf:sql://127.0.0.1:8080/sample";\n          String userid = "userid";\n          String password = "password";',
    ),
    ("odbc.yml#np.odbc.1", "char *domain = NULL;\nchar *user = NULL;\nchar *password = NULL;"),
    (
        "odbc.yml#np.odbc.1",
        '<?php\n        \\$user = \\$_POST[\\"username\\"];\n        \\$pwd = \\$_POST[\\"password\\"];\n        \\$otherdata = \\$_POST[\\"otherdata\\"];\n?>',
    ),
    # okta.yml
    ("okta.yml#np.okta.1", "000000000000000000000000000000000000000000"),
    ("okta.yml#np.okta.1", "okta_api_token: 000000000000000000000000000000000000000000aa"),
    # phpmailer.yml: listed upstream as a positive, but the password is the word "secret"
    (
        "phpmailer.yml#np.phpmailer.1",
        "//Server settings\n$mail->SMTPDebug = SMTP::DEBUG_SERVER;                      //Enable verbose debug output\n$mail->isSMTP();                                            //Send using SMTP\n$mail->Host       = 'smtp.example.com';                     //Set the SMTP server to send through\n$mail->SMTPAuth   = true;                                   //Enable SMTP authentication\n$mail->Username   = 'user@example.com';                     //SMTP username\n$mail->Password   = 'secret';                               //SMTP password\n$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;            //Enable implicit TLS encryption\n$mail->Port       = 465;                                    //TCP port to connect to; use 587 if you have set `SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS`",
    ),
    # postgres.yml .. react.yml
    # postgres.yml: listed upstream as positives, but the password is the word "secret"
    ("postgres.yml#np.postgres.1", "postgresql://user:secret@localhost"),
    ("postgres.yml#np.postgres.1", "postgresql://user:secret@localhost/"),
    ("postgres.yml#np.postgres.1", "postgresql://user:secret@localhost/database"),
    ("postgres.yml#np.postgres.1", "postgresql://user:secret@localhost:5433"),
    ("postgres.yml#np.postgres.1", "postgresql://user:secret@localhost:5433/"),
    ("postgres.yml#np.postgres.1", "postgresql://user:secret@localhost:5433/database"),
    (
        "postgres.yml#np.postgres.1",
        "postgresql://user:secret@localhost/otherdb?connect_timeout=10&application_name=myapp",
    ),
    (
        "postgres.yml#np.postgres.1",
        "postgresql://user:secret@host1:123,user:secret@host2:456/somedb?target_session_attrs=any&application_name=myapp",
    ),
    ("postgres.yml#np.postgres.1", "postgresql://user:secret@[2001:db8::1234]/database"),
    (
        "postgres.yml#np.postgres.1",
        "postgresql:///mydb?host=localhost&port=5433&user=user&password=secret",
    ),
    # psexec.yml: listed upstream as positives, but the password is a placeholder or a reference
    (
        "psexec.yml#np.psexec.1",
        "PSEXEC.EXE \\\\LocalComputerIPAddress -u DOMAIN\\my-user -p mypass CMD",
    ),
    ("psexec.yml#np.psexec.1", "psExec \\\\OAIJCTDU8024272 -u User -p $Password -i -d calc.exe"),
    (
        "psexec.yml#np.psexec.1",
        ":: satmodel2\n%RUNTIMEDIR%\\PsExec.exe \\\\satmodel2 -u SATMODEL2\\MTCPB -p %nothing% -i 2 -c -f %TEMP%\\psexec_helper.bat %RUNTIMEDIR% .\\JavaOnly_runNode2.cmd\n%RUNTIMEDIR%\\pslist.exe \\\\satmodel2 java\nif %ERRORLEVEL% NEQ 0 goto done",
    ),
    (
        "psexec.yml#np.psexec.1",
        'ASSEMBLE THE BATCH FILE TO COPY THE FILE ACROSS THE DOMAIN\nstart PsExec.exe /accepteula @C:\\share$\\comps1.txt -u DOMAIN\\ADMINISTRATOR -p PASSWORD cmd /c COPY "\\PRIMARY DOMAIN CONTROLLER\\share$\\fx166.exe" "C:\\windows\\temp\\"\nSAVE IT AS "COPY.BAT"',
    ),
    # react.yml
    (
        "react.yml#np.reactapp.1",
        "REACT_APP_MAILER_USERNAME=smtp_username # Enter your SMTP email username",
    ),
    (
        "react.yml#np.reactapp.1",
        "REACT_APP_FRONTEND_LOGIN_FORGOT_USERNAME=$REACT_APP_MATRIX_BASE_URL/classroom/#/forgot_username",
    ),
    (
        "react.yml#np.reactapp.2",
        "REACT_APP_MAILER_PASSWORD=smtp_password # Enter your SMTP email password",
    ),
    (
        "react.yml#np.reactapp.2",
        '  const password = process.env.REACT_APP_FIREBASE_DEV_PASSWORD || "not-set"',
    ),
    (
        "react.yml#np.reactapp.2",
        "REACT_APP_FRONTEND_LOGIN_FORGOT_PASSWORD=$REACT_APP_MATRIX_BASE_URL/classroom/#/forgot_password",
    ),
    (
        "sonarqube.yml#np.sonarqube.1",
        "sonarqube-reporter-1.2.4.tgz#3b335d612137949d2f21fcc6c8c8164db7603227",
    ),
    (
        "sonarqube.yml#np.sonarqube.1",
        "sonarqube-reporter-1.4.0.tgz#eb9e15deb83e4ca532989df12b40fedd434ef89a",
    ),
    (
        "sonarqube.yml#np.sonarqube.1",
        "sonarqube-scanner/-/sonarqube-scanner-2.5.0.tgz#ff704cbddf355d38a52c5e9479d6bb5c1ff28eac",
    ),
    (
        "sonarqube.yml#np.sonarqube.1",
        '/d:sonar.host.url=$(SONAR_HOST) /d:sonar.login=$(SONAR_LOGIN) \\\n/d:sonar.coverage.exclusions="**Tests*.cs"',
    ),
]
