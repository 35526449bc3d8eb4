package lab.token.keys;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

/**
 * {@code java -jar token-app.jar generate-jwk ES256|EdDSA OUT.json}: writes a new private JWK (owner
 * read/write only) for {@code JWT_SIGNING_JWK_FILE}, and prints its public half, never the private key.
 */
public final class GenerateJwk {
    private static final String USAGE = "usage: java -jar token-app.jar generate-jwk ES256|EdDSA OUT_PRIVATE.json";

    private GenerateJwk() {
    }

    /** Returns the process exit code. */
    public static int run(String... args) {
        if (args.length != 2) {
            System.err.println(USAGE);
            return 64;
        }
        PrivateJwk<?, ?, ?> jwk;
        switch (args[0].toLowerCase()) {
            case "es256" -> jwk = Jwks.builder().ecKeyPair(Jwts.SIG.ES256.keyPair().build())
                    .algorithm("ES256").idFromThumbprint().build();
            // Ed25519 rather than jjwt's default Ed448: the curve every JOSE library and JDK 15+ support.
            case "eddsa" -> jwk = Jwks.builder().octetKeyPair(ed25519())
                    .algorithm("EdDSA").idFromThumbprint().build();
            default -> {
                System.err.println(USAGE);
                return 64;
            }
        }
        Path out = Path.of(args[1]);
        try {
            write(out, Jwks.UNSAFE_JSON(jwk));
        } catch (FileAlreadyExistsException e) {
            System.err.println(out + " exists; not overwriting a key");
            return 73;
        } catch (IOException e) {
            System.err.println("cannot write " + out + ": " + e.getClass().getSimpleName());
            return 74;
        }
        System.out.println("wrote a private " + jwk.getAlgorithm() + " JWK (kid " + jwk.getId() + ") to " + out);
        System.out.println("its public JWK: " + Jwks.json(jwk.toPublicJwk()));
        return 0;
    }

    private static KeyPair ed25519() {
        return Jwks.CRV.Ed25519.keyPair().build();
    }

    /** Creates the file readable by its owner only, where the file system has POSIX permissions. */
    private static void write(Path out, String json) throws IOException {
        try {
            Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException noPosix) {
            Files.createFile(out);
        }
        Files.writeString(out, json);
    }
}
