package com.example.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The shop's connection pool, as the shop's main code builds it: no harness class in sight. */
public final class Database {

    private Database() {
    }

    /** The pool on {@code jdbcUrl}: ten connections, two seconds to wait for one, five to read an answer. */
    public static HikariDataSource pool(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("shop");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(2_000);
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "5");
        return new HikariDataSource(config);
    }
}
