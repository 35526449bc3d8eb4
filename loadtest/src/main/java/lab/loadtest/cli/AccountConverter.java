package lab.loadtest.cli;

import lab.loadtest.http.Account;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --account alice:alice-pw}. */
public final class AccountConverter implements ITypeConverter<Account> {
    @Override
    public Account convert(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new TypeConversionException("'" + value + "': write an account as USER:PASSWORD");
        }
        return new Account(value.substring(0, colon), value.substring(colon + 1));
    }
}
