package lab.common.transfers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * Transfers in a Redis list per user, newest first, shared by every instance. Each list is written
 * by a script on its one key (push, then cap), so the store works on a Redis Cluster too, where one
 * transaction cannot span two users' lists (they hash to different slots): a transfer reaches the
 * sender's and the recipient's lists one after the other.
 */
public final class RedisTransferStore implements TransferStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADD = """
            redis.call('lpush', KEYS[1], ARGV[1])
            redis.call('ltrim', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            return 1
            """;
    private final UnifiedJedis redis;

    public RedisTransferStore(UnifiedJedis redis) {
        this.redis = redis;
    }

    private static String key(String username) {
        return "transfers:" + username;
    }

    @Override
    public void add(Transfer transfer, Set<String> listedFor) {
        String json;
        try {
            json = JSON.writeValueAsString(transfer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Transfer always serialises", e);
        }
        for (String username : listedFor) {
            redis.eval(ADD, List.of(key(username)), List.of(json, Integer.toString(KEPT_PER_USER)));
        }
    }

    @Override
    public List<Transfer> listFor(String username) {
        return redis.lrange(key(username), 0, KEPT_PER_USER - 1).stream().map(RedisTransferStore::read).toList();
    }

    private static Transfer read(String json) {
        try {
            return JSON.readValue(json, Transfer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable transfer in Redis", e);
        }
    }
}
