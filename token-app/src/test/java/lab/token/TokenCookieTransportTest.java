package lab.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.blankOrNullString;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import lab.common.contract.AppUnderTest;
import lab.common.contract.LabInstances;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TOKEN_TRANSPORT=cookie: the same tokens, carried in HttpOnly cookies the page cannot read, and
 * therefore defended against CSRF like session-app's cookie.
 */
@DisplayName("token-app with TOKEN_TRANSPORT=cookie")
@Tag("docker") // a real Redis in a container (Testcontainers)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenCookieTransportTest extends LabInstances {
    private static final String DASHBOARD = "http://localhost:8080";

    @Override
    protected AppUnderTest app() {
        return new TokenUnderTest(Map.of("TOKEN_TRANSPORT", "cookie"));
    }

    private Response loginAs(String user) {
        Response login = loginResponse(instanceA, user, user + "-pw");
        login.then().statusCode(200);
        return login;
    }

    private static RequestSpecification withCookies(String baseUri, Response login) {
        return at(baseUri).cookie(CookieTransport.ACCESS_COOKIE, login.cookie(CookieTransport.ACCESS_COOKIE));
    }

    @Test
    @DisplayName("login sets two HttpOnly cookies (the refresh token's sent to /auth/refresh only) and answers no token in the body")
    void loginSetsHttpOnlyCookies() {
        Response login = loginAs("alice");
        List<String> setCookies = login.headers().getValues("Set-Cookie");
        assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith(CookieTransport.ACCESS_COOKIE + "=")
                .contains("; Path=/;", "HttpOnly", "SameSite=Lax"));
        assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith(CookieTransport.REFRESH_COOKIE + "=")
                .contains("; Path=/auth/refresh;", "HttpOnly", "SameSite=Lax"));
        login.then().body("access_token", nullValue()).body("refresh_token", nullValue())
                .body("token_transport", equalTo("cookie")).body("csrfToken", not(blankOrNullString()));
    }

    @Test
    @DisplayName("the cookie authenticates on every instance; the same token in an Authorization header does not; /health says cookie")
    void theCookieIsTheCredential() {
        Response login = loginAs("alice");
        withCookies(instanceB, login).get("/api/me").then().statusCode(200).body("username", equalTo("alice"));
        at(instanceB).header("Authorization", "Bearer " + login.cookie(CookieTransport.ACCESS_COOKIE))
                .get("/api/me").then().statusCode(401).contentType(PROBLEM_JSON);        at(instanceA).get("/health").then().statusCode(200).body("transport", equalTo("cookie"));
    }

    @Test
    @DisplayName("a state change needs the login's CSRF token (missing or wrong: 403) and an allowed Origin (foreign: 403)")
    void stateChangesNeedTheCsrfTokenAndAnAllowedOrigin() {
        Response login = loginAs("bob");
        String csrf = login.path("csrfToken");
        String transfer = "{\"to\":\"carol\",\"amount\":1}";
        postJson(withCookies(instanceA, login), "/api/transfers", transfer).then().statusCode(403)
                .body("type", containsString("csrf-token-invalid"));
        postJson(withCookies(instanceA, login).header("X-CSRF-Token", "wrong"), "/api/transfers", transfer).then().statusCode(403);
        postJson(withCookies(instanceA, login).header("X-CSRF-Token", csrf).header("Origin", "http://127.0.0.1:8090"),
                "/api/transfers", transfer).then().statusCode(403).body("type", containsString("origin-not-allowed"));
        postJson(withCookies(instanceB, login).header("X-CSRF-Token", csrf).header("Origin", DASHBOARD),
                "/api/transfers", transfer).then().statusCode(201);
    }

    @Test
    @DisplayName("refresh reads the refresh-token cookie, needs the CSRF token before it spends anything, and rotates both cookies")
    void refreshNeedsTheCsrfTokenFirst() {
        Response login = loginAs("alice");
        String csrf = login.path("csrfToken");
        String refresh = login.cookie(CookieTransport.REFRESH_COOKIE);
        at(instanceA).cookie(CookieTransport.REFRESH_COOKIE, refresh).post("/auth/refresh").then().statusCode(403);
        Response refreshed = at(instanceB).cookie(CookieTransport.REFRESH_COOKIE, refresh).header("X-CSRF-Token", csrf)
                .post("/auth/refresh");
        refreshed.then().statusCode(200).body("csrfToken", equalTo(csrf)).body("refresh_token", nullValue());
        assertThat(refreshed.cookie(CookieTransport.REFRESH_COOKIE)).isNotBlank().isNotEqualTo(refresh);
        withCookies(instanceA, refreshed).get("/api/me").then().statusCode(200);
        at(instanceA).post("/auth/refresh").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    @DisplayName("logout clears both cookies and revokes the token: a copy of the cookie is refused")
    void logoutClearsAndRevokes() {
        Response login = loginAs("alice");
        Response logout = withCookies(instanceA, login).header("X-CSRF-Token", login.path("csrfToken")).post("/auth/logout");
        logout.then().statusCode(204);
        assertThat(logout.headers().getValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith(CookieTransport.ACCESS_COOKIE + "=;").contains("Max-Age=0"));
        assertThat(logout.headers().getValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith(CookieTransport.REFRESH_COOKIE + "=;").contains("Max-Age=0", "Path=/auth/refresh"));
        withCookies(instanceB, login).get("/api/me").then().statusCode(401);
    }

    @Test
    @DisplayName("a refused token cookie is a 401 with no WWW-Authenticate challenge: a cookie is no HTTP authentication scheme")
    void refusedCookiesGetNoBearerChallenge() {
        Response login = loginAs("alice");
        withCookies(instanceA, login).header("X-CSRF-Token", login.path("csrfToken")).post("/auth/logout").then().statusCode(204);
        withCookies(instanceB, login).get("/api/me").then().statusCode(401).contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", nullValue());
    }

    @Test
    @DisplayName("CORS: the dashboard's origin with credentials and the CSRF header; a foreign origin gets no CORS headers")
    void corsAllowsTheDashboardWithCredentials() {
        at(instanceA).header("Origin", DASHBOARD).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-csrf-token")
                .options("/api/transfers").then().statusCode(204)
                .header("Access-Control-Allow-Origin", DASHBOARD)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Headers", containsString("X-CSRF-Token"));
        at(instanceA).header("Origin", "http://127.0.0.1:8090").get("/health").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
